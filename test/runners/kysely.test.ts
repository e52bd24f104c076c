// Kysely: migration modules read by src/hosts/js/kysely.ts; the Migrator runs all pending
// migrations in one transaction on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';
import { at, jsonReport } from './js-report.js';

const dir = runnerFixture('kysely');
const M = 'migrations';

describe('kysely runner', () => {
  it('reads migration modules in name order, all pending in one transaction', async () => {
    const set = await readRunnerSet('kysely', [M]);
    expect(rows(set, dir).map((r) => r.slice(0, 5))).toEqual([
      ['2024-01-01_create_person', 'kysely', 'orm', 'whole-run', 'whole-run'],
      ['2024-01-02_index_person_name', 'kysely', 'orm', 'whole-run', 'whole-run'],
      ['2024-01-03_person_email', 'kysely', 'orm', 'whole-run', 'whole-run'],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: the builder chain on its call, sql`…` CONCURRENTLY inside the template in the run transaction', () => {
    const { code, entries } = jsonReport(dir);
    expect(code).toBe(1);
    const e = (name: string) => entries.get(`${M}/${name}`);
    expect(at(e('2024-01-02_index_person_name.ts'), 'require-concurrent-index-creation')).toEqual(['4:9']);
    const tx = e('2024-01-02_index_person_name.ts')?.messages.find((m) => m.ruleId === 'ban-concurrent-index-creation-in-transaction');
    expect(tx && `${tx.line}:${tx.column}`).toBe('6:13');
    expect(tx?.message).toContain("Kysely's Migrator runs all pending migrations in one transaction");
    expect(at(e('2024-01-03_person_email.ts'), 'adding-required-field')).toEqual(['4:9']);
    expect(at(e('2024-01-01_create_person.ts'), 'prefer-timestamptz')).toEqual(['4:9']);
    expect(e('2024-01-02_index_person_name.ts')?.coverage).toEqual({ resolved: 4, total: 4, unresolved: [] });
  });
});
