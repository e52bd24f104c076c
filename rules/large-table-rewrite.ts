import { defineRule } from '../src/rule.js';
import { LARGE_TABLE_REWRITE, tableLabel } from '../src/stats/findings.js';
import { bytesText, durationText, rowsText } from '../src/stats/wording.js';

export default defineRule({
  meta: {
    id: LARGE_TABLE_REWRITE,
    kind: 'rule',
    description: 'A rewrite or an UPDATE (a backfill) of a table the stats file calls large (stats.largeTable), where no other finding already names its size.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Some statements break no rule and still take long on a big table: an UPDATE that backfills a column writes a new version of every row it touches (and holds those rows, and bloats the table and its indexes), and a rewrite (ALTER COLUMN TYPE, SET LOGGED, VACUUM FULL …) copies the whole table under ACCESS EXCLUSIVE. With `.migrationlint/stats.json` (`migrationlint stats`), lint knows which tables are large and says so, with the table\'s rows, size and an estimated duration. Without a stats file this rule never fires.',
      solution:
        'Backfill in batches (UPDATE … WHERE id BETWEEN … in separate transactions, with a pause between batches) outside the migration that changes the schema, or run the rewrite in a maintenance window with lock_timeout and statement_timeout set. Tune stats.largeTable to what your database calls large.',
      bad: '-- with stats: orders has 50M rows, 12 GB\nUPDATE orders SET status_code = 1 WHERE status = \'new\';',
      good: '-- with stats: orders has 50M rows, 12 GB\nALTER TABLE orders ADD COLUMN status_code int;\n-- the backfill runs outside the migration, in batches of 10 000 rows, each in its own transaction',
    },
  },
  create(ctx) {
    return {
      statement(statement) {
        // A DO block's statements are counted in its own risks: report the block once.
        if (statement.nested) return;
        const risk = (statement.risks ?? []).find((r) => r.size === 'large' && (r.operation === 'update' || r.rewrites));
        if (!risk) return;
        const label = tableLabel(risk);
        const what = risk.operation === 'update' ? (risk.rewrites ? 'UPDATE rewrites every row of' : 'UPDATE may touch every row of') : 'rewrites';
        ctx.report({ message: `${what} ${label}, a large table (~${rowsText(risk.rows)} rows, ${bytesText(risk.totalBytes)}); ${durationText(risk)}.`, help: 'Backfill in batches in their own transactions, or plan a maintenance window with lock_timeout and statement_timeout.' });
      },
    };
  },
});
