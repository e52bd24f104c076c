// The apply engine with verify: each history row records its migration's schema diff (also in a
// history table made before that column existed, across a resumed migration, after a migration
// that drops prepared statements; none with apply.schemaDiff false), and `apply --verify`
// refuses a pending migration that fails verification before anything runs.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apply, down } from '../../src/apply/engine.js';
import { historyDdl, parseTableName } from '../../src/apply/history.js';
import { verifyGate } from '../../src/verify/apply-gate.js';
import { openPglite, resetPglite } from '../helpers/pglite.js';
import { makeProject, type Project } from './project.js';

let pg: PGlite;
let project: Project | undefined;

beforeAll(async () => {
  pg = await openPglite();
});
afterAll(async () => {
  await pg?.close();
});
beforeEach(async () => {
  await resetPglite(pg);
});
afterEach(() => {
  project?.remove();
  project = undefined;
});

const FILES = {
  '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
  '001_orders.down.sql': 'DROP TABLE orders;\n',
  '002_status.up.sql': "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';\n",
  '002_status.down.sql': 'ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;\n',
  '003_index.up.sql': 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n',
  '003_index.down.sql': 'DROP INDEX CONCURRENTLY orders_status_idx;\n',
};

async function diffs(): Promise<Array<{ version: string; direction: string; schema_diff: unknown }>> {
  const { rows } = await pg.query<{ version: string; direction: string; schema_diff: unknown }>('SELECT version, direction, schema_diff FROM public.migrationlint_history ORDER BY id');
  return rows;
}

describe('apply records schema diffs', () => {
  it('stores what each migration changed in its history row, in both execution modes and for downs', async () => {
    project = makeProject(FILES);
    const up = await apply({ cwd: project.dir, config: project.config, pglite: pg });
    expect(up.exitCode).toBe(0);
    const back = await down({ cwd: project.dir, config: project.config, pglite: pg });
    expect(back.exitCode).toBe(0);
    expect(await diffs()).toEqual([
      { version: '001', direction: 'up', schema_diff: { added: ['table public.orders'], removed: [], changed: [] } },
      { version: '002', direction: 'up', schema_diff: { added: [], removed: [], changed: [{ object: 'column public.orders.status', changes: { default: [null, "'new'::text"] } }] } },
      { version: '003', direction: 'up', schema_diff: { added: ['index public.orders_status_idx'], removed: [], changed: [] } },
      { version: '003', direction: 'down', schema_diff: { added: [], removed: ['index public.orders_status_idx'], changed: [] } },
    ]);
  });

  it('adds the column to a history table made before it existed, and keeps its rows', async () => {
    project = makeProject({ '001_orders.up.sql': FILES['001_orders.up.sql'] });
    for (const stmt of historyDdl(parseTableName('public.migrationlint_history'))) await pg.exec(stmt);
    await pg.exec(
      "INSERT INTO public.migrationlint_history (version, name, checksum, direction, status, started_at, execution_mode, statements_total, tool_version) VALUES ('000', 'old', 'x', 'up', 'rolled_back', now(), 'transaction', 0, '0.0.1')",
    );
    const { rows: before } = await pg.query("SELECT 1 FROM pg_attribute WHERE attrelid = 'public.migrationlint_history'::regclass AND attname = 'schema_diff'");
    expect(before).toEqual([]);
    expect((await apply({ cwd: project.dir, config: project.config, pglite: pg })).exitCode).toBe(0);
    expect(await diffs()).toEqual([
      { version: '000', direction: 'up', schema_diff: null },
      { version: '001', direction: 'up', schema_diff: { added: ['table public.orders'], removed: [], changed: [] } },
    ]);
  });
});

describe('schema diffs within one run', () => {
  const snapshotPrepared = async () => (await pg.query("SELECT 1 FROM pg_prepared_statements WHERE name = 'migrationlint_snapshot'")).rows.length === 1;

  it('apply.schemaDiff false leaves schema_diff NULL and reads no snapshot', async () => {
    project = makeProject(FILES, { apply: { schemaDiff: false } });
    await pg.exec('DEALLOCATE ALL');
    expect((await apply({ cwd: project.dir, config: project.config, pglite: pg })).exitCode).toBe(0);
    expect((await diffs()).map((d) => d.schema_diff)).toEqual([null, null, null]);
    expect(await snapshotPrepared()).toBe(false);
  });

  it('a migration resumed half-way records no diff; the next one records only its own changes', async () => {
    project = makeProject({
      '001_tables.up.sql': 'CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);\nCREATE TABLE b (id int);\n',
      '002_note.up.sql': 'ALTER TABLE a ADD COLUMN note text;\n',
    }, { rules: { 'mixed-transactional-statements': 'off' } });
    await pg.exec('CREATE TABLE b (id int)');
    const first = await apply({ cwd: project.dir, config: project.config, pglite: pg });
    expect(first.refused).toBeUndefined();
    expect(first.failed).toMatchObject({ version: '001', statement: 2, blocking: true });
    await pg.exec('DROP TABLE b');
    const resumed = await apply({ cwd: project.dir, config: project.config, pglite: pg, retryFailed: true });
    expect(resumed.done.map((d) => d.version)).toEqual(['001', '002']);
    expect(await diffs()).toEqual([
      { version: '001', direction: 'up', schema_diff: { added: ['table public.a'], removed: [], changed: [] } },
      { version: '001', direction: 'up', schema_diff: null },
      { version: '002', direction: 'up', schema_diff: { added: ['column public.a.note'], removed: [], changed: [] } },
    ]);
  });

  it('a migration that drops the session\'s prepared statements does not lose the diffs', async () => {
    project = makeProject({
      '001_orders.up.sql': FILES['001_orders.up.sql'],
      '002_reset.up.sql': 'DEALLOCATE ALL;\nCREATE TABLE notes (id int);\n',
      '003_status.up.sql': FILES['002_status.up.sql'],
    });
    expect((await apply({ cwd: project.dir, config: project.config, pglite: pg })).exitCode).toBe(0);
    expect((await diffs()).map((d) => d.schema_diff)).toEqual([
      { added: ['table public.orders'], removed: [], changed: [] },
      { added: ['table public.notes'], removed: [], changed: [] },
      { added: [], removed: [], changed: [{ object: 'column public.orders.status', changes: { default: [null, "'new'::text"] } }] },
    ]);
    expect(await snapshotPrepared()).toBe(true);
  });
});

describe('apply --verify', () => {
  it('refuses, before running anything, when a pending migration fails verification', async () => {
    project = makeProject({ ...FILES, '003_index.down.sql': 'SELECT 1;\n' });
    const shown: string[] = [];
    const outcome = await apply({
      cwd: project.dir,
      config: project.config,
      pglite: pg,
      verify: verifyGate({ cwd: project.dir, config: project.config, onFindings: (findings, _files, blocking) => shown.push(`${blocking}: ${findings.map((f) => f.ruleId).join(',')}`) }),
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.refused?.reason).toBe('verify');
    expect(outcome.refused?.message).toMatch(/^Refusing to run: 1 verify error in the migrations about to run \(replayed on PGlite \(PostgreSQL 18\.\d+, in memory\)\); nothing was executed\./);
    expect(shown).toEqual(['1: verify-down-mismatch']);
    const { rows } = await pg.query("SELECT to_regclass('public.orders') AS t, to_regclass('public.migrationlint_history') AS h");
    expect(rows).toEqual([{ t: null, h: null }]);
  });

  it('applies when the pending migrations verify; findings of applied ones do not block', async () => {
    project = makeProject({ '001_orders.up.sql': FILES['001_orders.up.sql'], '001_orders.down.sql': 'SELECT 1;\n' });
    expect((await apply({ cwd: project.dir, config: project.config, pglite: pg })).exitCode).toBe(0);
    const { '001_orders.up.sql': _up, '001_orders.down.sql': _down, ...later } = FILES;
    project.write(later);
    const shown: number[] = [];
    const outcome = await apply({ cwd: project.dir, config: project.config, pglite: pg, verify: verifyGate({ cwd: project.dir, config: project.config, onFindings: (f, _files, blocking) => shown.push(f.length, blocking) }) });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.done.map((d) => d.version)).toEqual(['002', '003']);
    expect(shown).toEqual([1, 0]);
  });
});
