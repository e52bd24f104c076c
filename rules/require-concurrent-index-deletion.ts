import type { Node } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { canDropIndexConcurrently } from '../src/fixes/concurrently.js';
import { tableOfIndexNamed } from '../src/facts/locks/existing.js';
import { listLabel } from '../src/facts/names.js';
import { stringValues } from '../src/facts/node-lists.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-index-deletion',
    kind: 'rule',
    description: 'DROP INDEX without CONCURRENTLY (ACCESS EXCLUSIVE on the table).',
    severity: 'error',
    recommended: true,
    fixable: true,
    docs: {
      problem:
        "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: every query on the table, even a SELECT, waits until the drop commits — and while the DROP itself waits for running queries to finish, everything queued behind it waits too.",
      solution:
        'Use DROP INDEX CONCURRENTLY, which waits for running transactions instead of blocking new ones. It cannot run inside a transaction, drops one index per statement and has no CASCADE, so put it in its own migration that the runner does not wrap. An index created earlier in the same migration is not flagged.',
      bad: 'DROP INDEX orders_customer_id_idx;',
      good: 'DROP INDEX CONCURRENTLY orders_customer_id_idx;',
    },
  },
  create(ctx) {
    return {
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_INDEX' || node.concurrent) return;
        const indexes = (node.objects ?? []).map(qualifiedName).filter((n): n is string[] => n !== undefined);
        const allNew =
          indexes.length > 0 &&
          indexes.every((parts) => ctx.facts.isIndexCreatedEarlier(parts.length > 1 ? parts[parts.length - 2] : undefined, parts[parts.length - 1], ctx.statement.index));
        if (allNew) return;
        const names = indexes.map((parts) => parts.join('.')).join(', ') || 'the index';
        /** The tables by name when the schema model knows every index. */
        const tablesOf = (dropped: string[][]) => {
          const tables = dropped.map((parts) => tableOfIndexNamed(ctx.facts.catalog, parts[parts.length - 1], parts.length > 1 ? parts[parts.length - 2] : undefined));
          if (tables.length === 0 || tables.some((t) => t === undefined)) return dropped.length > 1 ? 'their tables' : 'the indexed table';
          const distinct = [...new Set(tables as string[])];
          return `${distinct.length > 1 ? 'tables' : 'table'} ${listLabel(distinct)}`;
        };
        const single = indexes.length === 1 && node.behavior !== 'DROP_CASCADE';
        const edit = concurrentlyEdit(ctx.statement.text, ctx.statement.span.start);
        // DROP INDEX CONCURRENTLY fails in a transaction block (25001) and inside a DO block.
        const outside = ctx.statement.canRunOutsideTransaction && !ctx.statement.nested;
        const target = indexes[0];
        const fixable = single && outside && edit !== undefined && canDropIndexConcurrently(ctx.facts.catalog, target.length > 1 ? target[target.length - 2] : undefined, target[target.length - 1]);
        ctx.report({
          message: `DROP INDEX ${names} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${tablesOf(indexes)}, blocking reads and writes on ${indexes.length > 1 ? 'them' : 'it'} until the drop commits.`,
          help: !single
            ? 'Drop each index with its own DROP INDEX CONCURRENTLY (one index per statement, no CASCADE), in a migration that does not run in a transaction.'
            : outside
              ? 'Use DROP INDEX CONCURRENTLY.'
              : 'Use DROP INDEX CONCURRENTLY in a separate migration that does not run in a transaction.',
          ...(fixable ? { fix: { title: 'Add CONCURRENTLY', edits: [edit] } } : {}),
        });
      },
    };
  },
});

/** ['schema', 'name'] or ['name'] from a DropStmt object. */
function qualifiedName(object: Node): string[] | undefined {
  if (!('List' in object)) return undefined;
  const parts = stringValues(object.List.items);
  return parts.length > 0 ? parts : undefined;
}

/** Insert CONCURRENTLY after `DROP INDEX`. */
function concurrentlyEdit(text: string, at: number) {
  const m = /^DROP\s+INDEX\b/i.exec(text);
  return m ? { start: at + m[0].length, end: at + m[0].length, text: ' CONCURRENTLY' } : undefined;
}
