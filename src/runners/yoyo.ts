// yoyo-migrations: `<id>.sql` with its rollback in `<id>.rollback.sql`; header comments
// `-- depends: <id> [<id> …]` and `-- transactional: false`. Files are read in name order, then
// ordered so that each migration follows those it depends on. Each migration runs in a
// transaction; `transactional: false` runs its statements one by one without one. yoyo sets no
// timeouts. Source: yoyo/migrations.py (parse_metadata_from_sql_comments, read_sql_migration,
// Migration.load, read_migrations) of ollyc/yoyo.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { problem, type Part } from '../discover/part.js';
import type { DiscoveryProblem, SourceText } from '../types.js';
import { headerDirectives } from './header.js';
import { settingDirs } from './marker-settings.js';
import { fileVersion, migrationsOfParts } from './read.js';
import type { NewMigrationInput, NewMigrationPlan, Probe, RunnerMigration, RunnerModule, RunnerRead } from './types.js';

const ROLLBACK_SUFFIX = '.rollback.sql';
const DIRECTIVE_RE = /^\s*--\s*(transactional|depends)\s*:\s*(.*?)\s*$/;

const idOf = (file: string) => path.basename(file).replace(/\.sql$/i, '');
const isRollback = (file: string) => file.toLowerCase().endsWith(ROLLBACK_SUFFIX);
const rollbackPath = (file: string) => file.replace(/\.sql$/i, ROLLBACK_SUFFIX);
const hasYoyoIni = (dir: string, probe: Probe) =>
  probe.memo(`yoyo:${dir}`, () => probe.exists(path.join(dir, 'yoyo.ini')) || probe.exists(path.join(path.dirname(dir), 'yoyo.ini')));

/** A rollback runs under its migration's `transactional` setting. */
const rollbackWithoutTransaction = new WeakMap<SourceText, boolean>();

interface Node {
  migration: RunnerMigration;
  id: string;
  depends: Array<{ id: string; span: { start: number; end: number } }>;
}

function readMigration(file: SourceText, rollback: SourceText | undefined, problems: DiscoveryProblem[]): Node | undefined {
  let noTransaction = false;
  const depends: Node['depends'] = [];
  for (const d of headerDirectives(file.text, DIRECTIVE_RE)) {
    const [name = '', value = ''] = d.groups;
    if (name === 'transactional') {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') {
        problems.push(problem(file.path, 'invalid-file', `\`-- transactional: ${value}\`: yoyo accepts only true or false and fails to load the migration`, { start: d.start, end: d.end }));
      }
      noTransaction = v === 'false';
    } else {
      let at = d.start + file.text.slice(d.start, d.end).indexOf(':') + 1;
      for (const id of value.split(/\s+/).filter(Boolean)) {
        const start = file.text.indexOf(id, at);
        depends.push({ id, span: { start, end: start + id.length } });
        at = start + id.length;
      }
    }
  }
  const part: Part = { layout: 'plain', up: { start: 0, end: file.text.length, noTransaction } };
  const [migration] = migrationsOfParts(file, [part], fileVersion(file));
  if (!migration) return undefined;
  if (rollback) {
    migration.downFile = rollback;
    rollbackWithoutTransaction.set(rollback, noTransaction);
  }
  return { migration, id: idOf(file.path), depends };
}

/** Whether `to` is reached from `from` along the dependencies of `nodes`. */
function reaches(from: string, to: string, nodes: ReadonlyMap<string, Node>, seen = new Set<string>()): boolean {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return (nodes.get(from)?.depends ?? []).some((d) => reaches(d.id, to, nodes, seen));
}

/**
 * Name order, each migration moved after what it depends on (yoyo's topological sort keeps
 * the name order where the dependencies allow). A dependency on no migration of the set and a
 * cycle are problems on the `-- depends:` line; the migrations involved stay in name order.
 */
function order(nodes: Node[], problems: DiscoveryProblem[]): Node[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) {
    for (const d of n.depends) {
      if (!byId.has(d.id)) problems.push(problem(n.migration.file.path, 'invalid-file', `depends on ${d.id}, which is not a migration of this set: yoyo refuses to load it ("Could not resolve dependencies")`, d.span));
    }
  }
  const placed = new Set<string>();
  const out: Node[] = [];
  const pending = [...nodes];
  while (pending.length > 0) {
    const ready = pending.findIndex((n) => n.depends.every((d) => placed.has(d.id) || !byId.has(d.id)));
    if (ready < 0) {
      const stuck = new Map(pending.map((n) => [n.id, n]));
      for (const n of pending) {
        const d = n.depends.find((x) => stuck.has(x.id));
        if (!d) continue;
        const message = reaches(d.id, n.id, stuck)
          ? `dependency cycle: ${n.id} depends on ${d.id}, whose dependencies lead back to ${n.id}: yoyo cannot order them`
          : `depends on ${d.id}, which is in a dependency cycle: yoyo cannot order it`;
        problems.push(problem(n.migration.file.path, 'invalid-file', message, d.span));
      }
      out.push(...pending);
      break;
    }
    const [n] = pending.splice(ready, 1) as [Node];
    placed.add(n.id);
    out.push(n);
  }
  return out;
}

function read(files: readonly SourceText[]): RunnerRead {
  const problems: DiscoveryProblem[] = [];
  const paths = new Set(files.map((f) => f.path));
  const rollbacks = new Map(files.filter((f) => isRollback(f.path)).map((f) => [f.path, f]));
  const nodes: Node[] = [];
  const sorted = files.filter((f) => !isRollback(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const node = readMigration(file, rollbacks.get(rollbackPath(file.path)), problems);
    if (node) nodes.push(node);
  }
  for (const r of rollbacks.keys()) {
    if (!paths.has(r.slice(0, -ROLLBACK_SUFFIX.length) + '.sql')) problems.push(problem(r, 'invalid-file', `rollback of no migration: ${path.basename(r).slice(0, -ROLLBACK_SUFFIX.length)}.sql is not in the set, so yoyo never runs it`));
  }
  const ordered = order(nodes, problems);
  ordered.forEach((n, i) => (n.migration.orderKey = String(i).padStart(8, '0')));
  return { migrations: ordered.map((n) => n.migration), problems };
}

export const yoyo: RunnerModule = {
  name: 'yoyo',
  title: 'yoyo',
  defaultDirs: ['migrations'],
  // yoyo.ini: `sources = %(here)s/migrations` (space-separated; the first is taken).
  markers: [{ file: 'yoyo.ini', setDirs: (ini, probe) => settingDirs(ini, probe, 'sources', ['migrations'], (value, dir) => value.split(/\s+/)[0]!.replace('%(here)s', dir)) }],
  separators: 'sqlparse.split: `;` outside quotes, dollar quotes and comments; each statement is one step',
  detect(file, probe) {
    if (!file.path.toLowerCase().endsWith('.sql')) return undefined;
    if (isRollback(file.path) || probe.exists(rollbackPath(file.path))) return { strength: 'metadata', what: `a ${ROLLBACK_SUFFIX} file` };
    if (hasYoyoIni(path.dirname(file.path), probe)) return { strength: 'metadata', what: 'yoyo.ini' };
    const [mark] = headerDirectives(file.text, DIRECTIVE_RE);
    return mark ? { strength: 'marker', what: `'-- ${mark.groups[0] ?? ''}:' header`, span: { start: mark.start, end: mark.end } } : undefined;
  },
  readsFilesAlone: false, // the order follows the `-- depends:` lines of other files
  read,
  transaction: {
    model: 'wrapped',
    behaviour: 'yoyo runs each migration in a transaction',
    optOut: () => '`-- transactional: false` in the header comments',
    sectionModel: ({ range, file }) => ((range.noTransaction ?? rollbackWithoutTransaction.get(file)) ? 'none' : 'wrapped'),
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  newMigration: newYoyoFile,
};

const TAG_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomTag = () => Array.from(randomBytes(5), (b) => TAG_CHARS[b % TAG_CHARS.length]).join('');

/** `<date>_<nn>_<tag>-<slug>.sql` and its `.rollback.sql`, depending on the newest migration, as `yoyo new` names them. */
function newYoyoFile({ migrations, slug, now }: NewMigrationInput): NewMigrationPlan | undefined {
  const last = migrations.at(-1);
  if (!last) return undefined;
  const dir = path.dirname(last.up.file);
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  const sameDay = migrations.filter((m) => path.basename(m.up.file).startsWith(`${day}_`)).length;
  const id = `${day}_${String(sameDay + 1).padStart(2, '0')}_${randomTag()}-${slug.replace(/_/g, '-')}`;
  return {
    version: id,
    layout: 'plain',
    create: [
      { file: path.join(dir, `${id}.sql`), text: `-- ${slug.replace(/_/g, ' ')}\n-- depends: ${idOf(last.up.file)}\n\n-- Write the migration here.\n` },
      { file: path.join(dir, `${id}${ROLLBACK_SUFFIX}`), text: '-- Write what undoes it here.\n' },
    ],
  };
}
