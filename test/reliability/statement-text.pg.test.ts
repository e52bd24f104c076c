// What apply sends is what PostgreSQL would read from the file, for text the fuzzer found
// handled wrongly: a `--` comment ended by a lone CR (old Mac line ends) once swallowed the
// statement after it, so apply recorded the migration as applied without running it; an
// unterminated block comment or a no-break space passed lint although the server rejects them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { usePostgres } from '../helpers/use-postgres.js';

const postgres = usePostgres();
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function project(file: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-text-'));
  temps.push(dir);
  writeFileSync(path.join(dir, '.migrationlintrc.json'), '{ "migrations": "migrations" }');
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, 'migrations', file), text);
  return dir;
}

describe('statement text at the edges of the lexer', () => {
  it('CR-only line ends: every statement after a -- comment runs', async (ctx) => {
    const server = postgres(ctx);
    const url = await server.createDatabase('crlf');
    const dir = project('001_create_a.sql', '-- the table\rCREATE TABLE a (id bigint PRIMARY KEY);\r-- one row\rINSERT INTO a (id) VALUES (1);\r');
    const plan = runCli(['apply', '--dry-run', '--database-url', url], { cwd: dir });
    expect(plan.stdout).toMatch(/1\. line 1, .*\n\s+CREATE TABLE a \(id bigint PRIMARY KEY\)/);
    expect(plan.stdout).toMatch(/2\. line 1, .*\n\s+INSERT INTO a \(id\) VALUES \(1\)/);
    const run = runCli(['apply', '--database-url', url], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const admin = await server.admin(new URL(url).pathname.slice(1));
    try {
      expect((await admin.query('SELECT id::int FROM a')).rows).toEqual([{ id: 1 }]);
    } finally {
      await admin.end();
    }
  });

  it.each([
    ['an unterminated block comment', 'CREATE TABLE a (id bigint PRIMARY KEY);\n/* not closed\n', /unterminated \/\* comment/],
    ['a no-break space', 'CREATE TABLE a (id bigint PRIMARY KEY);\n\u00a0\n', /syntax error at or near/],
  ])('%s: apply refuses with a syntax error, nothing runs', async (_name, text, message) => {
    const dir = project('001_create_a.sql', text);
    const run = runCli(['apply', '--dry-run'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('syntax-error');
  });
});
