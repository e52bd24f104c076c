// verify, diff and report against the Debian PostgreSQL server: --shadow-url creates a database
// for the run and drops it (extensions PGlite cannot load are verified there), and a live
// database is diffed against the set (replayed on PGlite: PostgreSQL 18 against 15) and reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../src/apply/engine.js';
import { resolveConfig } from '../../src/config.js';
import { parsePoint, schemaDiff } from '../../src/verify/diff.js';
import { liveReport } from '../../src/verify/report.js';
import { verify } from '../../src/verify/verify.js';
import { runCli } from '../helpers/cli.js';
import { lintSql } from '../helpers/lint-sql.js';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { makeProject, type Project } from './project.js';

let started: StartResult | undefined;
let project: Project | undefined;

beforeAll(async () => {
  started = await startPostgres();
});
afterAll(async () => {
  project?.remove();
  if (started && 'server' in started) await started.server.stop();
});

const SET = {
  '001_stats.up.sql': 'CREATE EXTENSION pgstattuple;\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
  '001_stats.down.sql': 'DROP TABLE orders;\nDROP EXTENSION pgstattuple;\n',
  '002_idx.up.sql': 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n',
  '002_idx.down.sql': 'SELECT 1;\n',
};

async function verifySet(shadowUrl?: string) {
  const [first, ...rest] = Object.entries(SET);
  const lintResult = await lintSql(first![1], { filename: first![0], others: Object.fromEntries(rest) });
  return verify({ cwd: '/virtual', config: resolveConfig({}, undefined, '/virtual'), lintResult, ...(shadowUrl ? { shadowUrl } : {}) });
}

describe('verify --shadow-url on the Debian PostgreSQL server', () => {
  it('verifies an extension PGlite cannot load in a database created for the run, then drops it', async (ctx) => {
    const server = requireServer(started, ctx);
    // CREATE EXTENSION pgstattuple needs a superuser (it is not a trusted extension).
    const r = await verifySet(server.url('postgres', { user: 'postgres', password: 'postgres-test-superuser' }));
    expect(r.groups[0]!.database).toMatch(/^shadow database migrationlint_shadow_\d+_[0-9a-f]{8} on postgres:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/postgres \(PostgreSQL 1\d\.\d+/);
    expect(r.findings.map((f) => [f.ruleId, f.file.replace('/virtual/', ''), f.message])).toEqual([
      ['verify-down-mismatch', '002_idx.down.sql', 'Down of 002 does not restore the schema before the up: index public.orders_status_idx is left over.'],
    ]);
    expect(r.migrations.map((m) => [m.up, m.down, m.repeat])).toEqual([
      ['applied', 'ok', 'ok'],
      ['applied', 'mismatch', 'not-run'],
    ]);
    const admin = await server.admin();
    try {
      expect((await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'migrationlint_shadow_%'")).rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  it('says the same extension cannot be verified on PGlite', async () => {
    const r = await verifySet();
    expect(r.findings.map((f) => f.ruleId)).toEqual(['verify-skipped']);
    expect(r.findings[0]!.message).toContain('extension "pgstattuple" is not available in PGlite');
  });

  it('a role without CREATEDB is a usage error (exit 2) saying what to grant, not an internal error', async (ctx) => {
    const server = requireServer(started, ctx);
    const grant = /cannot create the shadow database on postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:\d+\/postgres: permission denied to create database\. --shadow-url needs a role that may create databases: ALTER ROLE app CREATEDB \(run by a superuser\), or a URL with such a role\./;
    await expect(verifySet(server.url('postgres'))).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(grant) });
    const p = makeProject({ '001_t.up.sql': 'CREATE TABLE t (id bigint PRIMARY KEY);\n', '001_t.down.sql': 'DROP TABLE t;\n' });
    try {
      const run = runCli(['verify', '--shadow-url', server.url('postgres')], { cwd: p.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(grant);
      expect(run.stderr).not.toContain('internal error');
    } finally {
      p.remove();
    }
  });
});

describe('diff and report of a live PostgreSQL database', () => {
  it('finds the applied schema equal to the set replayed on PGlite, and reports the server', async (ctx) => {
    const server = requireServer(started, ctx);
    const url = await server.createDatabase('live');
    project = makeProject({
      '001_orders.up.sql': "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, status text NOT NULL DEFAULT 'new', total numeric(10,2) CHECK (total >= 0));\n",
      '002_lines.up.sql': 'CREATE TABLE lines (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE);\nCREATE INDEX lines_order_idx ON lines (order_id);\n',
    });
    expect((await apply({ cwd: project.dir, config: project.config, databaseUrl: url, env: {} })).exitCode).toBe(0);
    const d = await schemaDiff({ cwd: project.dir, config: project.config, from: parsePoint('head'), to: parsePoint('db'), databaseUrl: url, env: {} });
    expect(d.to.database).toMatch(/^postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:\d+\/live_/);
    expect(d.diff).toEqual({ added: [], removed: [], changed: [] });
    const r = await liveReport({ cwd: project.dir, config: project.config, databaseUrl: url, env: {} });
    expect(r.server?.version).toMatch(/^1\d\./);
    expect(r.history.map((h) => [h.version, h.status])).toEqual([
      ['001', 'applied'],
      ['002', 'applied'],
    ]);
    expect(r.largestIndexes.map((i) => i.name).sort()).toEqual(['public.lines_order_idx', 'public.lines_pkey', 'public.migrationlint_history_pkey', 'public.migrationlint_history_version_idx', 'public.orders_pkey']);
    expect(r.pending).toEqual([]);
  });
});
