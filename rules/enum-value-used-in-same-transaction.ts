import { defineRule } from '../src/rule.js';
import { typeName as lastName } from '../src/facts/run.js';
import { runnerTransactionNote } from '../src/transaction-escape.js';

interface Added {
  type: string;
  line: number;
  /** Added by an earlier migration of the same whole run: its file. */
  file?: string;
}

export default defineRule({
  meta: {
    id: 'enum-value-used-in-same-transaction',
    kind: 'rule',
    description: 'A value added by ALTER TYPE … ADD VALUE used later in the same transaction (fails: 55P04).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A value added to an enum inside a transaction cannot be used until that transaction commits: PostgreSQL fails the statement with "unsafe use of new value" (SQLSTATE 55P04), and the whole migration rolls back. A string literal equal to the new value counts as a use, unless it is cast to another type.',
      solution:
        'Add the value in one migration and use it (UPDATE, DEFAULT, CHECK, INSERT) in a later one, or commit between the two. Values of an enum type created in the same transaction are safe and are not flagged. A runner that runs all pending migrations in one transaction (Drizzle Kit, node-pg-migrate\'s default) makes a later migration no remedy: the value added in one and used in another fails whenever both are pending, as on every fresh database.',
      bad: "ALTER TYPE order_status ADD VALUE 'archived';\nUPDATE orders SET status = 'archived' WHERE closed_at < now() - interval '1 year';",
      good: "ALTER TYPE order_status ADD VALUE 'archived';\n-- in the next migration:\n-- UPDATE orders SET status = 'archived' WHERE …;",
    },
  },
  create(ctx) {
    const { lines } = ctx;
    const { run } = ctx.facts;
    // Under a whole run the section starts in the run's transaction, which earlier migrations left open.
    const runBlock = run ? ctx.facts.statements[0]?.transactionBlock : undefined;
    let block = -1;
    let added = new Map<string, Added>();
    let createdTypes = new Set<string>();
    return {
      statement(stmt) {
        if (stmt.transactionBlock === block) return;
        block = stmt.transactionBlock;
        added = new Map();
        createdTypes = new Set();
        if (run && block === runBlock && stmt.inTransaction) {
          for (const v of run.enumValues) added.set(v.value, { type: v.type, line: v.line, file: v.file });
        }
      },
      CreateEnumStmt(node) {
        createdTypes.add(lastName(node.typeName));
      },
      AlterEnumStmt(node) {
        const type = lastName(node.typeName);
        if (node.oldVal || !node.newVal || createdTypes.has(type)) return;
        added.set(node.newVal, { type, line: lines.position(ctx.statement.span.start).line });
      },
      A_Const(node, ancestors) {
        const value = node.sval?.sval;
        const use = value === undefined ? undefined : added.get(value);
        if (!use) return;
        const parent = ancestors[ancestors.length - 1];
        if (parent && 'TypeCast' in parent && lastName(parent.TypeCast.typeName?.names) !== use.type) return;
        const location = node.location !== undefined ? { location: node.location } : {};
        if (use.file !== undefined) {
          ctx.report({
            message: `'${value}' was added to ${use.type} in ${use.file} on line ${use.line}, and ${ctx.runner.behaviour}: using it before that run commits fails with "unsafe use of new value" (55P04) whenever both migrations are pending in one run.`,
            help: `Commit between ALTER TYPE ${use.type} ADD VALUE and this statement: ${ctx.runner.optOut ? `run one of them without the run's transaction (${ctx.runner.optOut})` : `${ctx.runner.title} has no setting to run a migration without its transaction, so apply ${use.file} in a run of its own before this migration is deployed, or run the ADD VALUE outside ${ctx.runner.title}`}.`,
            ...location,
          });
          return;
        }
        ctx.report({
          message: `'${value}' was added to ${use.type} on line ${use.line} in this same transaction: using it before that transaction commits fails with "unsafe use of new value" (55P04).`,
          help: run
            ? `Commit after ALTER TYPE ${use.type} ADD VALUE: ${runnerTransactionNote(ctx.runner)}, so a later migration helps only when deployed in a run of its own.`
            : `Commit after ALTER TYPE ${use.type} ADD VALUE: move this statement to a later migration (${runnerTransactionNote(ctx.runner)}).`,
          ...location,
        });
      },
    };
  },
});
