// `migrationlint new NAME`: the next migration file(s), in the layout and numbering the set
// already uses (up-down files with a UTC timestamp for an empty set).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { ResolvedConfig } from '../config.js';
import { discover, DiscoveryError } from '../discover.js';
import type { Layout, Migration } from '../types.js';
import { usageError } from './errors.js';
import { runnerNamed } from '../runners/index.js';
import { createProbe } from '../runners/probe.js';
import type { NewFile, NewMigrationPlan } from '../runners/types.js';

export interface NewMigrationInput {
  cwd: string;
  config: ResolvedConfig;
  name: string;
  now?: Date;
  /** `new --move`: the new up file's text, given the file and the hint line in it to replace. */
  fillUp?: (up: NewFile, hint: string) => string;
}

export interface NewMigrationResult {
  version: string;
  layout: Layout;
  /** Absolute paths of the files created. */
  files: string[];
  /** What remains to do with the runner's own tool. */
  notes?: string[];
  /** `new --move`: what was moved where. */
  summary?: string;
}

export function slugify(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function timestamp(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** Puts `digits` into the digit positions of `shape` (2019-09-12-100000 keeps its dashes). */
function reshape(shape: string, digits: string): string {
  let i = 0;
  return shape.replace(/\d/g, () => digits[i++] ?? '0');
}

/**
 * The version text that follows `old`, in its format: a timestamp (20230101120000, or
 * dashed like diesel's 2019-09-12-100000) becomes the current UTC time; a number is
 * incremented keeping its zero padding; a dotted flyway version bumps its first number.
 */
export function nextVersionText(old: string, now: Date): string {
  const digits = old.replace(/-/g, '');
  if (/^(19|20)\d{10,}$/.test(digits)) {
    const t = timestamp(now).padEnd(digits.length, '0');
    const next = BigInt(t) > BigInt(digits) ? t : bumpDigits(digits);
    return reshape(old, next);
  }
  if (/^\d+$/.test(old)) return bumpDigits(old);
  const dotted = /^(\d+)[._]\d+(?:[._]\d+)*$/.exec(old);
  if (dotted?.[1]) return bumpDigits(dotted[1]);
  throw usageError(`cannot tell which version follows "${old}"; create the migration by hand`);
}

function bumpDigits(digits: string): string {
  return (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
}

const DIRECTORY_PER_MIGRATION = new Set<Layout>(['up-down-dir', 'migration-dir']);

/** The file (or directory) name stem a migration was read from. */
function stemOf(m: Migration): string {
  if (DIRECTORY_PER_MIGRATION.has(m.layout)) return path.basename(path.dirname(m.up.file));
  const base = path.basename(m.up.file);
  if (m.layout === 'postgrator') return base.replace(/^(\d+)\.do\.?(.*)\.sql$/i, '$1_$2');
  return base.replace(/(?:\.(?:up|down))?\.sql$/i, '');
}

interface Naming {
  dir: string;
  stem: string;
  version: string;
}

function namingAfter(last: Migration, slug: string, now: Date): Naming {
  const stem = stemOf(last);
  const dir = DIRECTORY_PER_MIGRATION.has(last.layout) ? path.dirname(path.dirname(last.up.file)) : path.dirname(last.up.file);
  // The stem is PREFIX VERSION SEPARATOR NAME (V1__users, 00001_users, 2019-09-12-100000_users).
  const m = /^(\D*?)(\d(?:[\d._-]*\d)?)(__|_|-)(.*)$/s.exec(stem);
  if (m && m[2] !== undefined) {
    const version = nextVersionText(m[2], now);
    return { dir, stem: `${m[1] ?? ''}${version}${m[3] ?? '_'}${slug}`, version: version.replace(/-/g, '') };
  }
  const version = nextVersionText(last.version, now);
  return { dir, stem: `${version}_${slug}`, version };
}

export async function currentSet(input: NewMigrationInput): Promise<Migration[]> {
  const patterns = input.config.migrations.map((p) => path.resolve(input.config.dir, p));
  try {
    const { runner, assumeInTransaction, runnerOptions } = input.config;
    const set = await discover({ cwd: input.cwd, patterns, runner, assumeInTransaction, ...(runnerOptions ? { runnerOptions } : {}) });
    return set.migrations;
  } catch (err) {
    if (err instanceof DiscoveryError) return [];
    throw err;
  }
}

const ALEMBIC = 'this set holds alembic offline SQL: create the revision with alembic, then regenerate the SQL (alembic upgrade --sql)';
const ORM = 'this set holds ORM migrations: create the next one with the ORM\'s own command (typeorm migration:create, mikro-orm migration:create …)';
const UP_HINT = '-- Write the forward migration here.\n';
const DOWN_HINT = '-- Write what undoes it here.\n';

function filesFor(layout: Layout, dir: string, stem: string): NewFile[] {
  switch (layout) {
    case 'plain':
      return [{ file: path.join(dir, `${stem}.sql`), text: UP_HINT }];
    case 'up-down-files':
      return [
        { file: path.join(dir, `${stem}.up.sql`), text: UP_HINT },
        { file: path.join(dir, `${stem}.down.sql`), text: DOWN_HINT },
      ];
    case 'up-down-dir':
      return [
        { file: path.join(dir, stem, 'up.sql'), text: UP_HINT },
        { file: path.join(dir, stem, 'down.sql'), text: DOWN_HINT },
      ];
    case 'migration-dir':
      return [{ file: path.join(dir, stem, 'migration.sql'), text: UP_HINT }];
    case 'dbmate':
      return [{ file: path.join(dir, `${stem}.sql`), text: `-- migrate:up\n${UP_HINT}\n-- migrate:down\n${DOWN_HINT}` }];
    case 'goose':
      return [{ file: path.join(dir, `${stem}.sql`), text: `-- +goose Up\n${UP_HINT}\n-- +goose Down\n${DOWN_HINT}` }];
    case 'sections':
      return [{ file: path.join(dir, `${stem}.sql`), text: `-- UP\n${UP_HINT}\n-- DOWN\n${DOWN_HINT}` }];
    case 'sql-migrate':
      return [{ file: path.join(dir, `${stem}.sql`), text: `-- +migrate Up\n${UP_HINT}\n-- +migrate Down\n${DOWN_HINT}` }];
    case 'tern':
      return [{ file: path.join(dir, `${stem}.sql`), text: `${UP_HINT}\n---- create above / drop below ----\n\n${DOWN_HINT}` }];
    case 'postgrator': {
      const [, version, slug] = /^(\d+)_(.*)$/s.exec(stem) ?? [stem, stem, ''];
      return [
        { file: path.join(dir, `${version}.do.${slug}.sql`), text: UP_HINT },
        { file: path.join(dir, `${version}.undo.${slug}.sql`), text: DOWN_HINT },
      ];
    }
    case 'alembic':
      throw usageError(ALEMBIC);
    case 'orm':
      throw usageError(ORM);
  }
}

export async function newMigration(input: NewMigrationInput): Promise<NewMigrationResult> {
  const slug = slugify(input.name);
  if (!slug) throw usageError(`"${input.name}" is not a usable migration name: use letters and digits, e.g. add_orders_status`);
  const now = input.now ?? new Date();
  const migrations = await currentSet(input);
  const last = migrations[migrations.length - 1];
  let layout: Layout;
  let naming: Naming;
  const plan = last ? runnerNamed(last.runner).newMigration?.({ migrations, slug, now, probe: createProbe() }) : undefined;
  if (plan) return writePlan(filled(plan, input.fillUp));
  if (last) {
    if (last.layout === 'alembic') throw usageError(ALEMBIC);
    layout = last.layout;
    naming = namingAfter(last, slug, now);
  } else {
    const first = input.config.migrations[0];
    if (first === undefined || fg.isDynamicPattern(first)) {
      throw usageError('the set has no migrations yet and `migrations` in the config is a glob: cannot tell where to create the first one');
    }
    const version = timestamp(now);
    layout = 'up-down-files';
    naming = { dir: path.resolve(input.config.dir, first), stem: `${version}_${slug}`, version };
  }
  return writePlan(filled({ version: naming.version, layout, create: filesFor(layout, naming.dir, naming.stem) }, input.fillUp));
}

function filled(plan: NewMigrationPlan, fillUp: NewMigrationInput['fillUp']): NewMigrationPlan {
  if (!fillUp) return plan;
  const up = plan.create.findIndex((f) => f.text.includes(UP_HINT));
  const file = plan.create[up];
  if (!file) throw usageError(`cannot tell where the up section of a new ${plan.layout} migration goes: move the statement by hand`);
  const create = plan.create.map((f, i) => (i === up ? { ...f, text: fillUp(file, UP_HINT) } : f));
  return { ...plan, create };
}

/** Creates the plan's files (never overwriting one), then rewrites its updated files (a journal). */
async function writePlan(plan: NewMigrationPlan): Promise<NewMigrationResult> {
  const created: string[] = [];
  try {
    for (const f of plan.create) {
      await fs.mkdir(path.dirname(f.file), { recursive: true });
      await fs.writeFile(f.file, f.text, { flag: 'wx' });
      created.push(f.file);
    }
  } catch (err) {
    for (const f of created) await fs.rm(f, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw usageError(`${(err as NodeJS.ErrnoException).path ?? 'the file'} already exists`);
    throw err;
  }
  for (const f of plan.update ?? []) await fs.writeFile(f.file, f.text);
  return { version: plan.version, layout: plan.layout, files: created, ...(plan.notes ? { notes: plan.notes } : {}) };
}
