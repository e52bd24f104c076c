// TypeORM migration classes: the SQL of queryRunner.query(…) linted where it is written in the .ts file.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('typeorm');
const M = 'src/migrations';

interface JsonEntry {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; endColumn: number; fix?: { range: [number, number]; text: string } }>;
  suppressedMessages: Array<{ ruleId: string; line: number }>;
  coverage?: { resolved: number; total: number; unresolved: Array<{ line: number; column: number; reason: string }> };
}

function jsonReport(args: string[] = []): { code: number; entries: Map<string, JsonEntry>; stderr: string } {
  const run = runCli(['lint', '-f', 'json', ...args], { cwd: dir });
  const entries = new Map((JSON.parse(run.stdout) as JsonEntry[]).map((e) => [path.relative(dir, e.filePath).split(path.sep).join('/'), e]));
  return { code: run.code, entries, stderr: run.stderr };
}

const at = (e: JsonEntry | undefined, rule: string) => (e?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => `${m.line}:${m.column}`);

describe('typeorm runner', () => {
  it('reads migration classes ordered by the timestamp ending the class name; all pending run in one transaction', async () => {
    const set = await readRunnerSet('typeorm', [M]);
    expect(rows(set, dir)).toEqual([
      ['1700000000000_CreateUsers', 'typeorm', 'orm', 'whole-run', 'whole-run', `${M}/1700000000000-CreateUsers.ts`, `${M}/1700000000000-CreateUsers.ts`],
      ['1700000000001_UsersEmailIndex', 'typeorm', 'orm', 'whole-run', 'whole-run', `${M}/1700000000001-UsersEmailIndex.ts`, `${M}/1700000000001-UsersEmailIndex.ts`],
    ]);
    // The file that does not parse is a problem at its position; the others are still read.
    expect(set.problems.map((p) => [path.basename(p.file), p.ruleId, p.span.start])).toEqual([['1700000000002-Broken.ts', 'invalid-file', 236]]);
    expect(set.migrations[1]?.up.text).toBe(
      'CREATE INDEX "IDX_users_email" ON "users" ("email");\nALTER TABLE "users" ADD COLUMN "nick" text\n;\nCREATE INDEX "IDX_users_nick" ON users ("nick")\n;\nALTER TABLE "users" ADD COLUMN "note" text DEFAULT \'it\'\'s\', ADD COLUMN "visits" integer\n;\n',
    );
  });

  it('lint: findings inside the literals (through escapes and statements split in one string), a host-language suppression, the parse error', () => {
    const { code, entries } = jsonReport();
    expect(code).toBe(1);
    const create = entries.get(`${M}/1700000000000-CreateUsers.ts`);
    const index = entries.get(`${M}/1700000000001-UsersEmailIndex.ts`);
    expect(at(create, 'prefer-bigint-over-int')).toEqual(['8:113']);
    // Line 7 holds two statements in one string: the second one's finding starts at its own column.
    expect(at(index, 'require-concurrent-index-creation')).toEqual(['7:30']);
    expect(at(index, 'long-lock-hold')).toEqual(['7:84']);
    // After \'it\'\'s\' (four escapes, each two code units in the file for one in the SQL).
    expect(at(index, 'prefer-bigint-over-int')).toEqual(['10:114']);
    expect(index?.suppressedMessages.map((m) => `${m.ruleId}:${m.line}`)).toEqual(['require-concurrent-index-creation:9']);
    expect(at(entries.get(`${M}/1700000000002-Broken.ts`), 'invalid-file')).toEqual(['6:3']);
  });

  it('coverage: the loop building SQL from a variable is counted, not linted — stderr line and JSON field', () => {
    const { entries } = jsonReport();
    expect(entries.get(`${M}/1700000000001-UsersEmailIndex.ts`)?.coverage).toEqual({
      resolved: 5,
      total: 6,
      unresolved: [{ line: 15, column: 13, reason: 'queryRunner.query(a template hole ${column}, in a loop)' }],
    });
    expect(entries.get(`${M}/1700000000000-CreateUsers.ts`)?.coverage).toEqual({ resolved: 2, total: 2, unresolved: [] });
    const stylish = runCli(['lint'], { cwd: dir });
    expect(stylish.stderr).toContain(`migrationlint: ${M}: analysed 7 of 8 SQL operations; 1 dynamic: ${M}/1700000000001-UsersEmailIndex.ts:15\n`);
  });

  it('fix: an edit inside a literal is offered in file offsets and applies to the .ts file', () => {
    const { entries } = jsonReport();
    const create = entries.get(`${M}/1700000000000-CreateUsers.ts`);
    const fix = create?.messages.find((m) => m.ruleId === 'prefer-bigint-over-int')?.fix;
    expect(fix?.text).toBe('bigint');
    const diff = runCli(['lint', '--fix-dry-run', '--fix-all'], { cwd: dir });
    expect(diff.stdout).toContain('+      `CREATE TABLE "users" ("id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "email" text NOT NULL, "age" bigint)`');
    expect(diff.stdout).toContain(`+    await queryRunner.query('ALTER TABLE "users" ADD COLUMN "note" text DEFAULT \\'it\\'\\'s\\', ADD COLUMN "visits" bigint')`);
  });

  it('SARIF: coverage in the run properties, the unresolved call as a notification', () => {
    const run = runCli(['lint', '-f', 'sarif'], { cwd: dir });
    const log = JSON.parse(run.stdout) as { runs: Array<{ properties?: { coverage: unknown }; invocations: Array<{ toolExecutionNotifications?: Array<{ descriptor: { id: string }; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> }> };
    expect(log.runs[0]?.properties?.coverage).toEqual([{ directory: expect.stringMatching(/src\/migrations$/) as unknown, resolved: 7, total: 8, unresolved: 1 }]);
    const notes = log.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(notes.map((n) => [n.descriptor.id, n.locations[0]?.physicalLocation.region.startLine])).toEqual([['unresolved-sql', 15]]);
  });

  it('apply refuses: TypeORM runs its migrations', () => {
    const run = runCli(['apply', '--dry-run'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ORM migrations (typeorm) are run by their ORM');
  });
});
