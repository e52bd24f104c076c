import type { Node, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { listLabel, relationName } from '../src/facts/names.js';
import { stringValues } from '../src/facts/node-lists.js';

function rangeVar(object: Node): RangeVar | undefined {
  const parts = 'List' in object ? stringValues(object.List.items) : [];
  const relname = parts[parts.length - 1];
  if (relname === undefined) return undefined;
  return parts.length > 1 ? { schemaname: parts[parts.length - 2], relname } : { relname };
}

export default defineRule({
  meta: {
    id: 'ban-drop-table',
    kind: 'rule',
    description: 'DROP TABLE of an existing table: breaks clients that still use it, and loses its data.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Dropping a table takes effect at commit for every session at once: application instances running the previous release still query it and fail until every instance is redeployed. The rows are gone; a down migration can recreate the table but not its data. DROP TABLE also waits for an ACCESS EXCLUSIVE lock behind every running query on it.',
      solution:
        'First release application code that no longer uses the table, keep a backup (or rename it out of the way for a while), then drop it in a later migration. A table created earlier in the same migration is not flagged, nor one a down migration drops that its own up created (the down only undoes the up). One finding per statement names every table it drops.',
      bad: 'DROP TABLE audit_log;',
      good: 'CREATE TABLE import_scratch (id bigint);\nDROP TABLE import_scratch;',
    },
  },
  create(ctx) {
    return {
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_TABLE') return;
        const dropped = (node.objects ?? []).flatMap((object) => {
          const relation = rangeVar(object);
          if (!relation || ctx.facts.isTableCreatedEarlier(relation, ctx.statement.index)) return [];
          const known = ctx.facts.catalog.table(relation);
          if (known && ctx.facts.upOrigin?.createdTable(known)) return [];
          return [relationName(relation)];
        });
        if (dropped.length === 0) return;
        const tables = listLabel(dropped);
        const one = dropped.length === 1;
        ctx.report({
          message: `Dropping ${one ? 'table' : 'tables'} ${tables} breaks every query and running application instance that still uses ${one ? 'it' : 'them'}, and ${one ? 'its' : 'their'} rows cannot be restored by a down migration.`,
          help: `Release code that no longer uses ${tables} first (and keep a backup), then drop ${one ? 'it' : 'them'} in a later migration.`,
        });
      },
    };
  },
});
