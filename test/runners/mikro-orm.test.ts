// MikroORM migration classes: this.addSql(…) / this.execute(…) linted where the SQL is written.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('mikro-orm');
const M = 'src/migrations';

interface JsonEntry {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number }>;
  suppressedMessages: Array<{ ruleId: string; line: number }>;
  coverage?: { resolved: number; total: number; unresolved: Array<{ line: number; reason: string }> };
}

function report(): Map<string, JsonEntry> {
  const run = runCli(['lint', '-f', 'json'], { cwd: dir });
  expect(run.code).toBe(1);
  return new Map((JSON.parse(run.stdout) as JsonEntry[]).map((e) => [path.basename(e.filePath), e]));
}

const found = (e: JsonEntry | undefined) => (e?.messages ?? []).map((m) => `${m.ruleId}@${m.line}:${m.column}`);

describe('mikro-orm runner', () => {
  it('orders Migration<timestamp> classes by file name; allOrNothing runs them in one transaction unless isTransactional() is false', async () => {
    const set = await readRunnerSet('mikro-orm', [M]);
    expect(rows(set, dir)).toEqual([
      ['20240101000000_Migration', 'mikro-orm', 'orm', 'whole-run', 'whole-run', `${M}/Migration20240101000000.ts`, `${M}/Migration20240101000000.ts`],
      ['20240102000000_Migration', 'mikro-orm', 'orm', 'whole-run', null, `${M}/Migration20240102000000.ts`, null],
      ['20240103000000_Migration', 'mikro-orm', 'orm', 'none', null, `${M}/Migration20240103000000.ts`, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: positions inside addSql strings, this.execute SQL linted, CONCURRENTLY fine without a transaction, a // suppression', () => {
    const entries = report();
    expect(found(entries.get('Migration20240101000000.ts'))).toEqual(['prefer-bigint-over-int@5:68', 'require-lock-timeout@9:18']);
    expect(found(entries.get('Migration20240102000000.ts'))).toEqual(['require-concurrent-index-creation@5:18', 'require-down-migration@5:18', 'require-lock-timeout@5:18']);
    const third = entries.get('Migration20240103000000.ts');
    expect(found(third)).not.toContain('ban-concurrent-index-creation-in-transaction@9:18');
    expect(third?.suppressedMessages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(['require-lock-timeout@11']);
  });

  it('coverage: a helper method building the SQL is counted as dynamic', () => {
    const entries = report();
    expect(entries.get('Migration20240102000000.ts')?.coverage).toEqual({ resolved: 2, total: 3, unresolved: [{ line: 7, column: 5, reason: 'this.addSql(a call of this.renameStatement())' }] });
    const stylish = runCli(['lint'], { cwd: dir });
    expect(stylish.stderr).toContain(`migrationlint: ${M}: analysed 6 of 7 SQL operations; 1 dynamic: ${M}/Migration20240102000000.ts:7\n`);
  });
});
