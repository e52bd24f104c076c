// MikroORM migration classes: this.addSql(…) / this.execute(…) linted where the SQL is written.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('helpers called with this (a method, a function of the file as fn.call(this)) are read where called; one reached from itself is counted, not followed', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'mlint-mikro-helpers-'));
    mkdirSync(path.join(project, M), { recursive: true });
    writeFileSync(
      path.join(project, M, 'Migration20240101000000.ts'),
      [
        "import { Migration } from '@mikro-orm/migrations';",
        '',
        'export class Migration20240101000000 extends Migration {',
        '  async up(): Promise<void> {',
        "    const existing = await this.execute(`SELECT 1 FROM information_schema.tables WHERE table_name = 'orders'`);",
        '    if (!existing.length) await createTables.call(this);',
        '    this.indexes();',
        '  }',
        '',
        '  indexes(): void {',
        "    this.addSql('CREATE INDEX orders_total_idx ON orders (total);');",
        '  }',
        '}',
        '',
        'async function createTables(this: Migration20240101000000) {',
        "  this.addSql('CREATE TABLE orders (id bigint PRIMARY KEY, total int);');",
        '  await again.call(this);',
        '}',
        '',
        'async function again(this: Migration20240101000000) {',
        '  await createTables.call(this);',
        '}',
        '',
      ].join('\n'),
    );
    const run = runCli(['lint', '-f', 'json'], { cwd: project });
    const [entry] = JSON.parse(run.stdout) as JsonEntry[];
    expect(found(entry)).toEqual(['prefer-bigint-over-int@16:66']);
    expect(entry?.coverage).toEqual({ resolved: 3, total: 4, unresolved: [{ line: 21, column: 9, reason: 'helper function createTables.call(this), called from itself' }] });
  });
});
