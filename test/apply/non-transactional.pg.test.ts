// Lint and apply agree on every statement PostgreSQL refuses inside a transaction block: on a
// real server each one fails with 25001 inside BEGIN (with the words the model uses), lint
// flags it when mixed with other statements, and apply runs it outside a transaction.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { lintSql } from '../helpers/lint-sql.js';
import { NON_TRANSACTIONAL_CASES } from '../non-transactional.cases.js';
import { runApplyCli } from './run-cli.js';

const PG_MAJOR = 15;
let started: StartResult | undefined;
const temps: string[] = [];
beforeAll(async () => {
  started = await startPostgres();
  if ('server' in started) {
    const admin = await started.server.admin();
    try {
      // ALTER SYSTEM, tablespaces and subscriptions need a superuser.
      await admin.query(`ALTER ROLE ${started.server.user} SUPERUSER`);
    } finally {
      await admin.end();
    }
  }
}, 60_000);
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** An empty directory the server's OS user owns, for CREATE TABLESPACE. */
function tablespaceDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlts-'));
  temps.push(dir);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  return dir;
}

const onThisServer = NON_TRANSACTIONAL_CASES.filter((c) => (c.pgVersions?.min ?? 0) <= PG_MAJOR && PG_MAJOR <= (c.pgVersions?.max ?? 99));

describe(`statements PostgreSQL ${PG_MAJOR} refuses inside a transaction block`, () => {
  let counter = 0;
  for (const c of onThisServer) {
    it(c.sql('u'), async (ctx) => {
      const server = requireServer(started, ctx);
      const u = `${process.pid}_${++counter}`;
      const url = await server.createDatabase('nontx');
      const dbName = new URL(url).pathname.slice(1);
      const fill = (sql: string) => sql.replaceAll('{tablespaceDir}', () => tablespaceDir()).replaceAll('{database}', dbName);
      const sql = fill(c.sql(u));
      const admin = await server.admin(dbName);
      try {
        for (const s of c.setup?.(u) ?? []) await admin.query(fill(s));
      } finally {
        await admin.end();
      }

      // 1. The server refuses it in a transaction block, in the model's words.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('BEGIN');
        const err = await client.query(sql).then(() => undefined, (e: unknown) => e as { code?: string; message?: string });
        expect(err, 'refused inside BEGIN').toMatchObject({ code: '25001', message: `${c.words} cannot run inside a transaction block` });
        await client.query('ROLLBACK');
      } finally {
        await client.end();
      }

      // 2. Lint: mixed with another statement it is reported under the same words.
      const mixed = await lintSql(`CREATE TABLE other (id int);\n${sql};\n`, { pgVersion: PG_MAJOR });
      expect(mixed.findings.filter((f) => f.ruleId === 'mixed-transactional-statements').map((f) => f.message)).toEqual([
        expect.stringMatching(new RegExp(`^${c.words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot run in a transaction`)),
      ]);

      // 3. Apply runs it on its own, outside a transaction: applied, or failed for a reason other than 25001.
      const dir = mkdtempSync(path.join(tmpdir(), 'ml-nontx-'));
      temps.push(dir);
      mkdirSync(path.join(dir, 'migrations'));
      // Rules with their own objections to these statements: not what this test is about.
      const off = ['require-concurrent-reindex', 'ban-drop-database', 'rewriting-table-option'];
      writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', pgVersion: PG_MAJOR, rules: Object.fromEntries(off.map((r) => [r, 'off'])) }));
      writeFileSync(path.join(dir, 'migrations', '001_statement.sql'), `${sql};\n`);
      const run = await runApplyCli(['apply'], { cwd: dir, env: { DATABASE_URL: url } });
      expect(run.stderr, 'the lint gate let it through').not.toContain('Refusing to run');
      const check = new pg.Client({ connectionString: url });
      await check.connect();
      try {
        const { rows } = await check.query('SELECT status, execution_mode, error FROM public.migrationlint_history');
        if (c.failsOutsideWith) {
          expect(run.code).toBe(1);
          expect(rows).toEqual([{ status: 'failed', execution_mode: 'statements', error: expect.stringContaining(`SQLSTATE ${c.failsOutsideWith}`) }]);
        } else {
          expect(run.stderr).toContain('applied     001 statement  statements');
          expect(run.code).toBe(0);
          expect(rows).toEqual([{ status: 'applied', execution_mode: 'statements', error: null }]);
        }
      } finally {
        await check.end();
      }
    }, 60_000);
  }
});
