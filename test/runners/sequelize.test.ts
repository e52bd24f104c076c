// Sequelize (sequelize-cli): migration modules read by src/hosts/js/sequelize.ts; no transaction
// unless the migration opens one.
import { describe, expect, it } from 'vitest';
import { readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';
import { at, jsonReport } from './js-report.js';

const dir = runnerFixture('sequelize');
const M = 'migrations';

describe('sequelize runner', () => {
  it('reads migration modules in file-name order with no transaction; a helper module beside them is no migration', async () => {
    const set = await readRunnerSet('sequelize', [M]);
    expect(rows(set, dir).map((r) => r.slice(0, 5))).toEqual([
      ['20240101090000_create-orders', 'sequelize', 'orm', 'none', 'none'],
      ['20240102090000_index-orders-status', 'sequelize', 'orm', 'none', 'none'],
      ['20240103090000_orders-paid-at', 'sequelize', 'orm', 'none', 'none'],
      ['20240104090000_orders-refunds', 'sequelize', 'orm', 'none', 'none'],
    ]);
    expect(set.problems).toEqual([]);
    // queryInterface.sequelize.transaction(cb): the calls inside run between START TRANSACTION and COMMIT.
    expect(set.migrations[3]?.up.text).toMatch(/^START TRANSACTION\n;\nALTER TABLE "public"\."Orders" ADD COLUMN "refundedAt" TIMESTAMP WITH TIME ZONE;\nUPDATE "Orders" SET "refundedAt" = NULL\n;\nCOMMIT\n;\n$/);
  });

  it('lint: addIndex without concurrently on an existing table, the UPDATE inside the managed transaction', () => {
    const { code, entries } = jsonReport(dir);
    expect(code).toBe(1);
    const e = (name: string) => entries.get(`${M}/${name}`);
    expect(at(e('20240102090000-index-orders-status.js'), 'require-concurrent-index-creation')).toEqual(['5:11']);
    expect(at(e('20240102090000-index-orders-status.js'), 'require-concurrent-index-deletion')).toEqual(['11:11']);
    expect(e('20240102090000-index-orders-status.js')?.messages.find((m) => m.ruleId === 'require-concurrent-index-creation')?.help).toBe(
      'Use CREATE INDEX CONCURRENTLY. Add `concurrently: true` to its options, `queryInterface.addIndex(…, { concurrently: true })` (sequelize-cli runs a migration outside a transaction unless it opens one); it then sends: CREATE INDEX CONCURRENTLY "orders_status" ON "Orders" ("status")',
    );
    // Inside the sequelize.query template literal, at the UPDATE.
    expect(at(e('20240104090000-orders-refunds.js'), 'ban-update-without-where')).toEqual(['9:52']);
    expect(at(e('20240104090000-orders-refunds.js'), 'backfill-in-ddl-transaction')).toEqual(['9:45']);
    expect(at(e('20240101090000-create-orders.js'), 'prefer-identity')).toEqual(['5:11']);
  });

  it('coverage: the helper function is counted, the rest analysed', () => {
    const { entries } = jsonReport(dir);
    expect(entries.get(`${M}/20240104090000-orders-refunds.js`)?.coverage).toEqual({
      resolved: 5,
      total: 6,
      unresolved: [{ line: 11, column: 11, reason: 'helper function updateEnum()' }],
    });
  });
});
