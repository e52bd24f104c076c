import { defineRule } from '../src/rule.js';
import { blockedAccess, blockingLocks, relationLabel, tablesLabel } from '../src/facts/locks/existing.js';
import { LaterBlockingStatements } from '../src/facts/locks/later-blocking.js';

export default defineRule({
  meta: {
    id: 'require-lock-timeout',
    kind: 'rule',
    description: 'A statement that takes a lock blocking reads or writes on an existing table with no lock_timeout set before it.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A lock request waits behind every conflicting lock already held, and every later request on the table waits behind it. An ALTER TABLE that waits for one long-running SELECT therefore stops all reads and writes of the table for as long as that SELECT runs — the migration itself may take milliseconds. Without lock_timeout it waits forever.',
      solution:
        "SET lock_timeout before the first such statement (a few seconds), so the statement gives up instead of queueing everyone behind it, and retry the migration. migrationlint's own apply engine sets it for every migration (config `apply.lockTimeout`, default 5s), so migrations it runs are not flagged; other runners (goose, dbmate, golang-migrate …) do not. Reported once, on the first statement that needs it (one SET covers the rest); tables created earlier in the same migration are not flagged.",
      bad: '-- +goose Up\nALTER TABLE orders ADD COLUMN note text;',
      good: "-- +goose Up\nSET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
    },
  },
  create(ctx) {
    // Reported once per run of statements without lock_timeout: one SET before the first covers them all.
    let reported = false;
    const later = new LaterBlockingStatements((s) => s.lockTimeoutSet, (d) => ctx.report(d));
    return {
      statement(stmt) {
        later.visit(stmt, ctx.facts);
        // A DO block is checked through the statements it runs.
        if (stmt.tag === 'DoStmt') return;
        if (stmt.lockTimeoutSet) {
          reported = false;
          return;
        }
        if (reported || ctx.runner.setsLockTimeout) return;
        const blocking = blockingLocks(stmt, ctx.facts);
        const [strongest] = blocking;
        if (!strongest) return;
        reported = true;
        // The labels name the relations as the schema model stands before this statement.
        const message = `${strongest.operation.split(', ')[0]} waits for ${strongest.mode} on ${relationLabel(strongest.relation, ctx.facts.catalog)} with no lock_timeout: while it waits behind a running query, ${blockedAccess(blocking)} of ${tablesLabel(blocking, ctx.facts.catalog)} queue behind it.`;
        const help = ctx.runner.timeoutsFromApplyConfig
          ? "Add SET lock_timeout = '5s'; before it (config apply.lockTimeout is \"0\", so the apply engine sets none), and retry on timeout."
          : `Add SET lock_timeout = '5s'; before it (${ctx.runner.title} sets none), and retry the migration on timeout. If your deploy sets one (PGOPTIONS, ALTER ROLE … SET lock_timeout), declare it with config deployTimeouts.lockTimeout.`;
        later.found(stmt, (count) => message + (count > 0 ? ` ${count} later statement${count === 1 ? ' takes' : 's take'} blocking locks without one too.` : ''), help);
      },
      endOfSection() {
        later.endOfSection();
      },
    };
  },
});
