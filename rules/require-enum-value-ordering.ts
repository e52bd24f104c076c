import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'require-enum-value-ordering',
    kind: 'rule',
    description: 'ALTER TYPE … ADD VALUE without BEFORE or AFTER.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'An enum sorts by the order of its values, not alphabetically: ORDER BY, <, > and BETWEEN on the column use it. ADD VALUE without BEFORE or AFTER appends the value last, which is rarely where it belongs among states like pending < active < closed — and the order cannot be changed later without recreating the type.',
      solution:
        "Say where the value goes: ADD VALUE 'paused' AFTER 'active'. If last is right, say so with AFTER the current last value.",
      bad: "ALTER TYPE order_status ADD VALUE 'paused';",
      good: "ALTER TYPE order_status ADD VALUE 'paused' AFTER 'active';",
    },
  },
  create(ctx) {
    return {
      AlterEnumStmt(node) {
        if (node.oldVal || !node.newVal || node.newValNeighbor) return;
        const type = (node.typeName ?? []).flatMap((n) => ('String' in n && n.String.sval ? [n.String.sval] : [])).join('.');
        ctx.report({
          message: `ADD VALUE '${node.newVal}' without BEFORE or AFTER appends it after every value of ${type}: it sorts last in ORDER BY and comparisons.`,
          help: `Place it explicitly: ADD VALUE '${node.newVal}' BEFORE or AFTER an existing value of ${type}.`,
        });
      },
    };
  },
});
