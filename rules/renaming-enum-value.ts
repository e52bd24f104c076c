import { defineRule } from '../src/rule.js';
import { qualifiedName as qualified } from '../src/facts/names.js';

export default defineRule({
  meta: {
    id: 'renaming-enum-value',
    kind: 'rule',
    description: 'ALTER TYPE … RENAME VALUE: breaks every client that still uses the old label.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Renaming an enum label changes every stored value at once: application instances running the previous release still write and compare the old label, and their INSERTs fail with "invalid input value for enum" until every instance is redeployed.',
      solution:
        'Add the new label (ALTER TYPE … ADD VALUE), move the application and the data to it, and leave the old label unused (enum labels cannot be dropped) — or keep the old label.',
      bad: "ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';",
      good: "ALTER TYPE order_status ADD VALUE 'cancelled' AFTER 'canceled';",
    },
  },
  create(ctx) {
    return {
      AlterEnumStmt(node) {
        if (node.oldVal === undefined) return;
        ctx.report({
          message: `Renaming value '${node.oldVal}' of enum ${qualified(node.typeName)} to '${node.newVal ?? ''}' breaks every query and running application instance that still uses '${node.oldVal}'.`,
          help: `Add '${node.newVal ?? 'the new value'}' with ALTER TYPE … ADD VALUE, move clients and rows to it, and leave '${node.oldVal}' unused.`,
        });
      },
    };
  },
});
