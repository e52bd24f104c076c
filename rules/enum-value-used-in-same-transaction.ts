import type { Node } from '@pgsql/types';
import { defineRule } from '../src/rule.js';

interface Added {
  type: string;
  line: number;
}

const lastName = (names: readonly Node[] | undefined): string =>
  (names ?? []).flatMap((n) => ('String' in n && n.String.sval ? [n.String.sval] : [])).pop() ?? '';

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
        'Add the value in one migration and use it (UPDATE, DEFAULT, CHECK, INSERT) in a later one, or commit between the two. Values of an enum type created in the same transaction are safe and are not flagged.',
      bad: "ALTER TYPE order_status ADD VALUE 'archived';\nUPDATE orders SET status = 'archived' WHERE closed_at < now() - interval '1 year';",
      good: "ALTER TYPE order_status ADD VALUE 'archived';\n-- in the next migration:\n-- UPDATE orders SET status = 'archived' WHERE …;",
    },
  },
  create(ctx) {
    const { lines } = ctx;
    let block = -1;
    let added = new Map<string, Added>();
    let createdTypes = new Set<string>();
    return {
      statement(stmt) {
        if (stmt.transactionBlock === block) return;
        block = stmt.transactionBlock;
        added = new Map();
        createdTypes = new Set();
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
        ctx.report({
          message: `'${value}' was added to ${use.type} on line ${use.line} in this same transaction: using it before that transaction commits fails with "unsafe use of new value" (55P04).`,
          help: `Commit after ALTER TYPE ${use.type} ADD VALUE: move this statement to a later migration.`,
          ...(node.location !== undefined ? { location: node.location } : {}),
        });
      },
    };
  },
});
