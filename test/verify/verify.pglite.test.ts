// verify() on PGlite: each check, where its finding points, and how the replay goes on (or
// stops) after it. Sets are built in memory (lintSql) and replayed on throwaway PGlites.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import type { ConfigInput } from '../../src/config-schema.js';
import { verify } from '../../src/verify/verify.js';
import { verifySummary } from '../../src/verify/format-verify.js';
import type { VerifyResult } from '../../src/verify/types.js';
import { lintSql } from '../helpers/lint-sql.js';

async function verifyFiles(files: Record<string, string>, config: Omit<ConfigInput, 'migrations'> = {}): Promise<VerifyResult> {
  const [first, ...rest] = Object.entries(files);
  const lintResult = await lintSql(first![1], { ...config, filename: first![0], others: Object.fromEntries(rest) });
  return verify({ cwd: '/virtual', config: resolveConfig(config, undefined, '/virtual'), lintResult });
}

const brief = (r: VerifyResult) => r.findings.map((f) => ({ rule: f.ruleId, file: f.file.replace('/virtual/', ''), line: f.start.line, column: f.start.column, suppressed: f.suppressed !== undefined }));

describe('verify on PGlite', () => {
  it('passes a set whose ups apply and whose downs restore the schema, on a database started from the template', async () => {
    const r = await verifyFiles({
      '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);\n',
      '001_orders.down.sql': 'DROP TABLE orders;\n',
      '002_note.up.sql': "ALTER TABLE orders ADD COLUMN note text DEFAULT 'n';\nCREATE TYPE mood AS ENUM ('ok');\n",
      '002_note.down.sql': 'DROP TYPE mood;\nALTER TABLE orders DROP COLUMN note;\n',
      '003_seed.up.sql': "INSERT INTO orders (id, status) VALUES (1, 'new');\n",
    });
    expect(r.findings).toEqual([]);
    expect(r.errorCount).toBe(0);
    expect(r.migrations.map((m) => [m.version, m.up, m.down, m.repeat])).toEqual([
      ['001', 'applied', 'ok', 'ok'],
      ['002', 'applied', 'ok', 'ok'],
      ['003', 'applied', 'none', 'not-run'],
    ]);
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]).toMatchObject({ total: 3, applied: 3 });
    expect(r.groups[0]!.database).toMatch(/^PGlite \(PostgreSQL 18\./);
    expect(r.groups[0]!.startMs).toBeGreaterThan(0);
  });

  it('keeps unsupported-syntax findings when PGlite (18) is newer than pgVersion, and says so', async () => {
    const files = {
      '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n',
      '002_not_null.up.sql': 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_nn NOT NULL customer_id NOT VALID;\n',
    };
    const r = await verifyFiles(files, { pgVersion: 15 });
    expect(r.migrations.map((m) => m.up)).toEqual(['applied', 'applied']);
    expect(brief(r)).toEqual([{ rule: 'unsupported-syntax', file: '002_not_null.up.sql', line: 1, column: 24, suppressed: false }]);
    expect(r.errorCount).toBe(1);
    expect(verifySummary(r)).toMatch(/\n  the replay server is PostgreSQL 18, newer than pgVersion 15: it accepts syntax PostgreSQL 15 rejects \(kept as unsupported-syntax findings\)\n/);
    const on18 = await verifyFiles(files, { pgVersion: 18 });
    expect(on18.findings).toEqual([]);
    expect(verifySummary(on18)).not.toMatch(/newer than pgVersion/);
  });

  it('reports an up PostgreSQL rejects at the position of its error, and stops there', async () => {
    const r = await verifyFiles({
      '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n',
      '002_total.up.sql': '-- the index\nCREATE INDEX orders_x_idx\n  ON orders (lower(nope));\n',
      '003_more.up.sql': 'ALTER TABLE orders ADD COLUMN more text;\n',
    });
    expect(brief(r)).toEqual([{ rule: 'verify-up-fails', file: '002_total.up.sql', line: 3, column: 20, suppressed: false }]);
    const f = r.findings[0]!;
    expect(f.message).toMatch(/^Up of 002 fails on PGlite \(PostgreSQL 18\.\d+, in memory\) after the migrations before it: column "nope" does not exist \(SQLSTATE 42703\)$/);
    expect(f.end).toEqual({ line: 3, column: 24 });
    expect(f.statement).toBe(0);
    expect(f.severity).toBe('error');
    expect(r.migrations.map((m) => m.up)).toEqual(['applied', 'failed', 'unverified']);
    expect(r.groups[0]!.stopped).toEqual({ version: '002', reason: 'the up of 002 fails; the 1 later migration was not verified' });
  });

  it('reports a down that leaves objects behind, listing them, and goes on from the schema after the up', async () => {
    const r = await verifyFiles({
      '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);\n',
      '001_orders.down.sql': '-- forgot the table\nDROP INDEX orders_status_idx;\n',
      '002_col.up.sql': 'ALTER TABLE orders ADD COLUMN note varchar(20);\n',
      '002_col.down.sql': 'ALTER TABLE orders ALTER COLUMN note TYPE text;\n',
    });
    expect(brief(r)).toEqual([
      { rule: 'verify-down-mismatch', file: '001_orders.down.sql', line: 2, column: 1, suppressed: false },
      { rule: 'verify-down-mismatch', file: '002_col.down.sql', line: 1, column: 1, suppressed: false },
    ]);
    expect(r.findings[0]!.message).toBe('Down of 001 does not restore the schema before the up: table public.orders is left over.');
    expect(r.findings[1]!.message).toBe('Down of 002 does not restore the schema before the up: column public.orders.note is left over.');
    expect(r.migrations.map((m) => [m.up, m.down, m.repeat])).toEqual([
      ['applied', 'mismatch', 'not-run'],
      ['applied', 'mismatch', 'not-run'],
    ]);
    expect(r.migrations[0]!.downDiff?.added.map((o) => `${o.kind} ${o.name}`)).toEqual(['table public.orders']);
  });

  it('reports a down that fails at its failing statement', async () => {
    const r = await verifyFiles({
      '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n',
      '001_orders.down.sql': 'DROP INDEX orders_pkey;\n',
      '002_next.up.sql': 'ALTER TABLE orders ADD COLUMN x int;\n',
    });
    expect(brief(r)).toEqual([{ rule: 'verify-down-mismatch', file: '001_orders.down.sql', line: 1, column: 1, suppressed: false }]);
    expect(r.findings[0]!.message).toMatch(
      /^Down of 001 fails on PGlite .*, so it cannot restore the schema before the up: cannot drop index orders_pkey because constraint orders_pkey on table orders requires it \(SQLSTATE 2BP01\) — hint: You can drop constraint orders_pkey on table orders instead\.$/,
    );
    expect(r.migrations.map((m) => m.up)).toEqual(['applied', 'applied']);
  });

  it('reports an up that fails when applied again after its down (the down left rows behind)', async () => {
    const r = await verifyFiles({
      '001_plans.up.sql': 'CREATE TABLE plans (name text PRIMARY KEY);\n',
      '002_free.up.sql': "INSERT INTO plans VALUES ('free');\nCREATE TABLE quotas (plan text);\n",
      '002_free.down.sql': 'DROP TABLE quotas;\n',
    });
    expect(brief(r)).toEqual([{ rule: 'verify-up-not-repeatable', file: '002_free.up.sql', line: 1, column: 1, suppressed: false }]);
    expect(r.findings[0]!.message).toMatch(/^Up of 002 fails when applied again after its down, on PGlite .*duplicate key value violates unique constraint "plans_pkey" \(SQLSTATE 23505\)/);
    expect(r.migrations[1]).toMatchObject({ up: 'applied', down: 'ok', repeat: 'failed' });
  });

  it('runs a migration that cannot run in a transaction as it really runs, and rebuilds the database after a bad down', async () => {
    const r = await verifyFiles({
      '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
      '001_orders.down.sql': 'DROP TABLE orders;\n',
      '002_idx.up.sql': 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\nALTER TABLE orders ADD COLUMN note text;\n',
      '002_idx.down.sql': 'DROP INDEX CONCURRENTLY orders_status_idx;\n',
      '003_more.up.sql': 'ALTER TABLE orders ADD COLUMN more text;\nCREATE INDEX orders_more_idx ON orders (more, note);\n',
      '003_more.down.sql': 'DROP INDEX orders_more_idx;\nALTER TABLE orders DROP COLUMN more;\n',
    });
    expect(brief(r)).toEqual([{ rule: 'verify-down-mismatch', file: '002_idx.down.sql', line: 1, column: 1, suppressed: false }]);
    expect(r.findings[0]!.message).toContain('column public.orders.note is left over');
    // 003 needs the note column the bad down of 002 left: it was verified on a rebuilt database.
    expect(r.migrations.map((m) => [m.up, m.down, m.repeat])).toEqual([
      ['applied', 'ok', 'ok'],
      ['applied', 'mismatch', 'not-run'],
      ['applied', 'ok', 'ok'],
    ]);
  });

  it('loads the contrib extensions PGlite bundles, and skips (with a note) at one it cannot load', async () => {
    const r = await verifyFiles({
      '001_crypto.up.sql': 'CREATE EXTENSION IF NOT EXISTS pgcrypto;\nCREATE TABLE keys (k bytea DEFAULT gen_random_bytes(16));\n',
      '001_crypto.down.sql': 'DROP TABLE keys;\nDROP EXTENSION pgcrypto;\n',
      '002_geo.up.sql': 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\nCREATE EXTENSION postgis;\nCREATE TABLE places (id uuid DEFAULT uuid_generate_v4(), at geometry);\n',
      '003_more.up.sql': 'ALTER TABLE places ADD COLUMN name text;\n',
    });
    expect(brief(r)).toEqual([{ rule: 'verify-skipped', file: '002_geo.up.sql', line: 2, column: 1, suppressed: false }]);
    expect(r.findings[0]!.severity).toBe('warning');
    expect(r.findings[0]!.message).toBe(
      'Not verified: 002 cannot run on PGlite (PostgreSQL 18.6, in memory): extension "postgis" is not available in PGlite, which loads only plpgsql and the contrib modules it bundles; verify with --shadow-url on a server that has it; the 1 later migration was not verified.',
    );
    expect(r.errorCount).toBe(0);
    expect(r.migrations.map((m) => [m.up, m.down])).toEqual([
      ['applied', 'ok'],
      ['skipped', 'none'],
      ['unverified', 'none'],
    ]);
  });

  it('honors suppression comments with a reason and rules turned off', async () => {
    const files = {
      '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE INDEX orders_id_idx ON orders (id);\n',
      '001_orders.down.sql': '-- migrationlint-ignore verify-down-mismatch -- shipped in 2019, the index is harmless\nDROP TABLE orders;\n',
      '002_x.up.sql': 'CREATE TABLE x (id int);\n',
      '002_x.down.sql': 'SELECT 1;\n',
    };
    const r = await verifyFiles(files);
    expect(brief(r)).toEqual([{ rule: 'verify-down-mismatch', file: '002_x.down.sql', line: 1, column: 1, suppressed: false }]);
    const off = await verifyFiles({ ...files, '001_orders.down.sql': 'DROP INDEX orders_id_idx;\n' }, { rules: { 'verify-down-mismatch': 'off' } });
    expect(off.findings).toEqual([]);
  });

  it('counts a suppressed finding as accepted, and lint does not call the suppression unused', async () => {
    const sql = { '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n', '001_orders.down.sql': '-- migrationlint-ignore verify-down-mismatch -- keep the data\nSELECT 1;\n' };
    const r = await verifyFiles(sql);
    expect(brief(r)).toEqual([{ rule: 'verify-down-mismatch', file: '001_orders.down.sql', line: 2, column: 1, suppressed: true }]);
    expect(r.errorCount).toBe(0);
    const lint = await lintSql(sql['001_orders.up.sql'], { filename: '001_orders.up.sql', others: { '001_orders.down.sql': sql['001_orders.down.sql'] } });
    expect(lint.findings.filter((f) => f.ruleId === 'unused-suppression')).toEqual([]);
  });

  it('runs --setup SQL first (what the migrations assume exists), and says when it fails', async () => {
    const files = { '001_t.sql': 'CREATE TABLE t (id int);\nGRANT SELECT ON t TO anon;\n' };
    const lintResult = await lintSql(files['001_t.sql'], { filename: '001_t.sql' });
    const run = (setupSql: string) => verify({ cwd: '/virtual', config: resolveConfig({}, undefined, '/virtual'), lintResult, setupSql });
    expect((await verifyFiles(files)).findings.map((f) => f.message)).toEqual([expect.stringContaining('role "anon" does not exist')]);
    expect((await run('CREATE ROLE anon;')).findings).toEqual([]);
    await expect(run('CREATE ROLE;')).rejects.toMatchObject({ name: 'VerifyError', exitCode: 2, message: expect.stringMatching(/^the --setup SQL fails on PGlite .*: syntax error at or near ";"$/) });
  });

  it('replays each migrations directory on its own database, and skips SQL that does not parse', async () => {
    const r = await verifyFiles({
      'a/001_t.sql': 'CREATE TABLE t (id int);\n',
      'b/001_t.sql': 'CREATE TABLE t (id int);\n',
      'b/002_bad.sql': 'CREATE TABLE u (id int,);\n',
    });
    expect(r.groups.map((g) => [g.directory, g.total, g.applied])).toEqual([
      ['a', 1, 1],
      ['b', 2, 1],
    ]);
    expect(brief(r)).toEqual([{ rule: 'verify-skipped', file: 'b/002_bad.sql', line: 1, column: 24, suppressed: false }]);
    expect(r.findings[0]!.message).toMatch(/^Not verified: 002 cannot run on PGlite .*: it does not parse \(syntax error at or near "\)"\)/);
  });
});
