import type { Node } from '@pgsql/types';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'ban-truncate-cascade',
    kind: 'rule',
    description: 'TRUNCATE … CASCADE, which also empties every table referencing the listed ones.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'TRUNCATE … CASCADE also empties every table with a foreign key to the listed tables, and every table referencing those, recursively. The statement does not say which tables lose their rows, and it takes ACCESS EXCLUSIVE on all of them, blocking reads and writes until commit.',
      solution:
        'List every table to empty explicitly: TRUNCATE fails (instead of silently emptying more) when a table outside the list references one inside it.',
      bad: 'TRUNCATE customers CASCADE;',
      good: 'TRUNCATE order_items, orders, customers;',
    },
  },
  create(ctx) {
    return {
      TruncateStmt(node) {
        if (node.behavior !== 'DROP_CASCADE') return;
        const names = relationNames(node.relations);
        const what = names.length > 0 ? names.join(', ') : 'the tables';
        ctx.report({
          message: `TRUNCATE ${what} CASCADE also empties every table that references ${what} through a foreign key, and blocks reads and writes on all of them until commit.`,
          help: 'List the tables to truncate explicitly, without CASCADE.',
        });
      },
    };
  },
});

function relationNames(relations: Node[] | undefined): string[] {
  return (relations ?? []).flatMap((r) => {
    if (!('RangeVar' in r) || !r.RangeVar.relname) return [];
    return [r.RangeVar.schemaname ? `${r.RangeVar.schemaname}.${r.RangeVar.relname}` : r.RangeVar.relname];
  });
}
