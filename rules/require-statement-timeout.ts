import { defineRule } from '../src/rule.js';
import { blockedAccess, blockingLocks, relationLabel, tablesLabel } from '../src/facts/locks/existing.js';
import { LaterBlockingStatements } from '../src/facts/locks/later-blocking.js';

export default defineRule({
  meta: {
    id: 'require-statement-timeout',
    kind: 'rule',
    description: 'A statement that takes a lock blocking reads or writes on an existing table with no statement_timeout set before it.',
    severity: 'off',
    recommended: false,
    fixable: false,
    docs: {
      problem:
        'A statement that holds a lock blocking reads or writes (a table rewrite, a validation scan, an index build) blocks them for as long as it runs. Without statement_timeout an unexpectedly slow run — a bigger table than in staging — keeps the table blocked until someone notices.',
      solution:
        "SET statement_timeout before such statements, to the longest outage you accept, so a slow run fails and rolls back instead. migrationlint's own apply engine sets it when config `apply.statementTimeout` is not \"0\". Reported once, on the first statement that needs it; tables created earlier in the same migration are not flagged.",
      bad: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      good: "SET statement_timeout = '30s';\nALTER TABLE orders ALTER COLUMN total TYPE bigint;",
    },
  },
  create(ctx) {
    // Reported once per run of statements without statement_timeout: one SET covers them all.
    let reported = false;
    const later = new LaterBlockingStatements((s) => s.statementTimeoutSet, (d) => ctx.report(d));
    return {
      statement(stmt) {
        later.visit(stmt, ctx.facts);
        if (stmt.tag === 'DoStmt') return;
        if (stmt.statementTimeoutSet) {
          reported = false;
          return;
        }
        if (reported || ctx.runner.setsStatementTimeout) return;
        const blocking = blockingLocks(stmt, ctx.facts);
        const [strongest] = blocking;
        if (!strongest) return;
        reported = true;
        // The labels name the relations as the schema model stands before this statement.
        const message = `${strongest.operation.split(', ')[0]} holds ${strongest.mode} on ${relationLabel(strongest.relation, ctx.facts.catalog)} with no statement_timeout: ${blockedAccess(blocking)} of ${tablesLabel(blocking, ctx.facts.catalog)} wait for as long as it runs.`;
        const help = ctx.runner.timeoutsFromApplyConfig
          ? "Add SET statement_timeout = '30s'; before it, or set config apply.statementTimeout."
          : `Add SET statement_timeout = '30s'; before it (the longest outage you accept; ${ctx.runner.title} sets none). If your deploy sets one, declare it with config deployTimeouts.statementTimeout.`;
        later.found(stmt, (count) => message + (count > 0 ? ` ${count} later statement${count === 1 ? ' holds' : 's hold'} blocking locks without one too.` : ''), help);
      },
      endOfSection() {
        later.endOfSection();
      },
    };
  },
});
