// A wrong password through the CLI against a real PostgreSQL: the password is masked where it
// lives (the URL), and the server's message keeps its own words — "password authentication
// failed for user "postgres"" stays whole for the passwords postgres, pass, x and p@ss%word.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';

let started: StartResult | undefined;
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ml-redact-'));
  writeFileSync(path.join(dir, '.migrationlintrc.json'), '{ "migrations": "migrations" }');
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, 'migrations', '001_create_a.sql'), 'CREATE TABLE a (id bigint PRIMARY KEY);\n');
  started = await startPostgres();
});
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PASSWORDS = ['postgres', 'pass', 'x', 'p@ss%word'];

describe('a wrong password: masked in the URL, the message whole', () => {
  for (const password of PASSWORDS) {
    for (const [form, inUrl] of [['raw', password], ['URL-encoded', encodeURIComponent(password)]] as const) {
      if (form === 'URL-encoded' && inUrl === password) continue;
      it(`${JSON.stringify(password)} (${form})`, (ctx) => {
        const server = requireServer(started, ctx);
        // The superuser is named postgres: scheme, user, database and password all read "postgres".
        const user = password === 'postgres' ? 'postgres' : server.user;
        const where = `127.0.0.1:${server.port}/postgres`;
        for (const command of [['status'], ['apply', '--format', 'json']]) {
          const run = runCli([...command, '--database-url', `postgres://${user}:${inUrl}@${where}`], { cwd: dir, env: { DATABASE_URL: undefined } });
          expect(run.code, run.stderr).toBe(1);
          expect(run.stderr).toContain(`migrationlint: Cannot connect to postgres://${user}:****@${where}: password authentication failed for user "${user}"\n`);
          const all = run.stdout + run.stderr;
          expect(all).not.toContain(`:${inUrl}@`);
          expect(all).not.toMatch(/\*\*\*\*(word|gres|:\/\/)/);
        }
      });
    }
  }
});
