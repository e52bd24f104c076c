import { defineRule } from '../src/rule.js';
import type { Span } from '../src/types.js';

export default defineRule({
  meta: {
    id: 'ban-uncommitted-transaction',
    kind: 'rule',
    description: 'BEGIN without a matching COMMIT or ROLLBACK.',
    severity: 'error',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        'A transaction left open at the end of a migration is rolled back when the runner closes its connection — the migration is recorded as applied but its changes are gone — or, on a pooled connection, stays open holding its locks until something else commits it.',
      solution:
        'End every BEGIN with COMMIT (or ROLLBACK) in the same migration. The fix appends COMMIT after the last statement.',
      bad: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;',
      good: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;',
    },
  },
  create(ctx) {
    // An implicit transaction turns into the explicit block a BEGIN opens; wrapping runners,
    // and a whole run, commit their own transaction (transaction-nesting reports the BEGIN).
    const runnerWraps = ctx.transaction === 'wrapped' || ctx.runner.model === 'whole-run';
    let openedAt: Span | undefined;
    let lastEnd = -1;
    return {
      statement(stmt) {
        if (stmt.nested) return;
        lastEnd = stmt.span.end;
        if (!('TransactionStmt' in stmt.node) || runnerWraps) return;
        const kind = stmt.node.TransactionStmt.kind;
        if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') openedAt ??= stmt.span;
        else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') openedAt = undefined;
      },
      endOfSection() {
        if (!openedAt) return;
        const at = ctx.fileText[lastEnd] === ';' ? lastEnd + 1 : lastEnd;
        ctx.report({
          span: openedAt,
          message: 'BEGIN without COMMIT: the transaction is still open when the migration ends, and its changes are rolled back when the connection closes.',
          help: 'End the transaction with COMMIT after the last statement.',
          fix: { title: 'Add COMMIT', edits: [{ start: at, end: at, text: ctx.fileText[lastEnd] === ';' ? '\nCOMMIT;' : ';\nCOMMIT;' }] },
        });
      },
    };
  },
});
