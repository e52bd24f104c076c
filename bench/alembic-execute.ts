// npm run build && node dist/bench/alembic-execute.js [versions dirs…] — Alembic revisions read
// statically vs run through Alembic (orm.execute), per set: how many revisions run and why the
// others do not, operations resolved both ways, statements whose SQL differs (same text, whitespace
// or quoting only = same parse tree, or a semantic difference, listed), findings per rule (the CLI's
// JSON report with and without --orm-execute) and wall time of both runs.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModule, parseSync } from 'libpg-query';
import { alembicExecutor } from '../src/hosts/execute/alembic.js';
import { executedSection } from '../src/hosts/execute/alembic-merge.js';
import { extractAlembic } from '../src/hosts/python/alembic.js';
import type { HostOperation, HostSection } from '../src/hosts/types.js';
import { lineIndexFor } from '../src/text.js';
import type { SourceText } from '../src/types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runners = join(root, '..', 'shared', 'corpus-runners');
const DEFAULT_SETS = [
  'Netflix__dispatch/src/dispatch/database/revisions/core/versions',
  'Netflix__dispatch/src/dispatch/database/revisions/tenant/versions',
  'PrefectHQ__prefect/src/prefect/server/database/_migrations/versions/postgresql',
];

const sqlOps = (s: HostSection | undefined) => (s?.operations ?? []).filter((op) => !op.generated);

/** The parse tree without positions: equal trees differ in whitespace, quoting or letter case only. */
function tree(sql: string): string | undefined {
  try {
    return JSON.stringify(parseSync(sql), (key, value: unknown) => (key === 'location' || key === 'stmt_location' || key === 'stmt_len' ? undefined : value));
  } catch {
    return undefined;
  }
}

function compare(a: string, b: string): 'same' | 'format' | 'semantic' {
  if (a === b) return 'same';
  const ta = tree(a);
  return ta !== undefined && ta === tree(b) ? 'format' : 'semantic';
}

/** `upgrade(): imports dispatch` — the section and the cause, without the line and the details. */
function reasonClass(message: string): string {
  const section = /could not (run \w+\(\)|import the revision)/.exec(message)?.[1] ?? '';
  const cause = message.replace(/^.*?\(line \d+\): |^orm\.execute: /, '').replace(/; the static translation is linted$/, '');
  if (cause.startsWith('it uses the database connection')) return `${section}: data-dependent (op.get_bind() results)`;
  const module = /^it (?:imports|uses) ([\w]+)/.exec(cause);
  if (module) return `${section}: a module this Python cannot import: ${module[1]}`;
  if (cause.includes("Can't emit DROP CONSTRAINT")) return `${section}: op.drop_constraint(None, …) (CompileError: the constraint has no name)`;
  return `${section}: ${cause.slice(0, 100)}`;
}

function lintCounts(dir: string, execute: boolean): { ms: number; byRule: Map<string, number>; coverage: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [join(root, 'bin', 'migrationlint.js'), 'lint', '-f', 'json', ...(execute ? ['--orm-execute'] : []), dir], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ORM_EXECUTE_TIMEOUT: '120' } });
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const byRule = new Map<string, number>();
  let resolved = 0;
  let total = 0;
  for (const entry of JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string }>; coverage?: { resolved: number; total: number } }>) {
    for (const m of entry.messages) byRule.set(m.ruleId, (byRule.get(m.ruleId) ?? 0) + 1);
    resolved += entry.coverage?.resolved ?? 0;
    total += entry.coverage?.total ?? 0;
  }
  return { ms, byRule, coverage: `${resolved}/${total}` };
}

async function measure(dir: string): Promise<void> {
  const files: SourceText[] = readdirSync(dir)
    .filter((f) => f.endsWith('.py') && f !== '__init__.py')
    .sort()
    .map((f) => ({ path: join(dir, f), relPath: f, text: readFileSync(join(dir, f), 'utf8') }));
  const started = process.hrtime.bigint();
  const executed = await alembicExecutor.execute(files, { projectDir: dir, timeoutMs: 120_000 });
  const executeMs = Number((process.hrtime.bigint() - started) / 1_000_000n);

  const why = new Map<string, number>();
  let ranUp = 0;
  let ranBoth = 0;
  const ops = { staticResolved: 0, executedResolved: 0, total: 0, executedTotal: 0 };
  const diff = { same: 0, format: 0, semantic: 0 };
  const semantic: string[] = [];
  for (const file of files) {
    const found = extractAlembic(file.text);
    const ran = executed.get(file.path);
    if (ran?.up) ranUp++;
    if (ran?.up && (ran.down || !found.down)) ranBoth++;
    for (const p of ran?.problems ?? []) {
      const reason = reasonClass(p.message);
      why.set(reason, (why.get(reason) ?? 0) + 1);
    }
    for (const [name, section] of [['up', found.up], ['down', found.down]] as const) {
      const statics = sqlOps(section);
      ops.total += statics.length;
      ops.staticResolved += statics.filter((op) => op.sql !== undefined).length;
      const recorded = section && ran?.[name] ? executedSection(section, ran[name]) : undefined;
      const after = recorded ? sqlOps(recorded) : statics;
      ops.executedTotal += after.length;
      ops.executedResolved += after.filter((op) => op.sql !== undefined).length;
      if (!recorded) continue;
      const bySpan = new Map<number, HostOperation>(after.map((op) => [op.span.start, op]));
      for (const op of statics) {
        const other = bySpan.get(op.span.start);
        if (op.sql === undefined || other?.sql === undefined || op.literalMap) continue;
        const kind = compare(op.sql, other.sql);
        diff[kind]++;
        if (kind === 'semantic') semantic.push(`${file.relPath}:${lineIndexFor(file).position(op.span.start).line}\n    static:  ${op.sql.replace(/\s+/g, ' ')}\n    execute: ${other.sql.replace(/\s+/g, ' ')}`);
      }
    }
  }
  const plain = lintCounts(dir, false);
  const run = lintCounts(dir, true);
  console.log(`\n## ${relative(runners, dir)}\n`);
  console.log(`revisions: ${files.length}; upgrade() ran: ${ranUp}; upgrade() and downgrade() ran: ${ranBoth}; recorder ${executeMs} ms`);
  console.log('why the others did not run:');
  for (const [reason, n] of [...why].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${reason}`);
  console.log(`operations resolved: static ${ops.staticResolved}/${ops.total}, execute ${ops.executedResolved}/${ops.executedTotal} (CLI coverage: static ${plain.coverage}, execute ${run.coverage})`);
  console.log(`builder statements resolved both ways: ${diff.same} same text, ${diff.format} whitespace/quoting only, ${diff.semantic} semantic`);
  console.log(`lint wall time: static ${plain.ms} ms, --orm-execute ${run.ms} ms`);
  console.log('\n| rule | static | execute |\n|---|---|---|');
  for (const rule of [...new Set([...plain.byRule.keys(), ...run.byRule.keys()])].sort()) {
    const a = plain.byRule.get(rule) ?? 0;
    const b = run.byRule.get(rule) ?? 0;
    console.log(`| ${rule} | ${a} | ${b}${a === b ? '' : ' ←'} |`);
  }
  if (semantic.length > 0) console.log(`\nsemantic differences:\n  ${semantic.join('\n  ')}`);
}

await loadModule();
for (const set of process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_SETS.map((s) => join(runners, s))) await measure(resolve(set));
