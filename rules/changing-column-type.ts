import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { commandsOnExistingTable } from '../src/facts/alter-table.js';
import { columnType, formatType, isBinaryCoercible, type CatalogView, type ViewDependency } from '../src/facts/schema/index.js';
import type { AlterTableCmd, AlterTableStmt } from '@pgsql/types';

/** ALTER COLUMN … TYPE on columns views or rules read (tables new in the migration included). */
function blockedByViews(node: AlterTableStmt, catalog: CatalogView): { cmd: AlterTableCmd; views: ViewDependency[] }[] {
  if (node.objtype !== 'OBJECT_TABLE') return [];
  const readBy = catalog.table(node.relation)?.readBy ?? [];
  if (readBy.length === 0) return [];
  return (node.cmds ?? []).flatMap((raw) => {
    const cmd = 'AlterTableCmd' in raw ? raw.AlterTableCmd : undefined;
    if (cmd?.subtype !== 'AT_AlterColumnType' || cmd.name === undefined) return [];
    const views = readBy.filter((d) => d.columns.includes(cmd.name as string));
    return views.length > 0 ? [{ cmd, views }] : [];
  });
}

export default defineRule({
  meta: {
    id: 'changing-column-type',
    kind: 'rule',
    description: 'ALTER COLUMN … TYPE that rewrites the table (unless the schema model proves the change binary-coercible), or that fails because a view or rule reads the column.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER COLUMN … TYPE rewrites the whole table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock: every query on the table, reads included, waits until the rewrite ends. Only changes that keep the stored bytes valid skip the rewrite: varchar(n) to varchar(m ≥ n) or to text, text to varchar without a length, numeric(p,s) to numeric(p′ ≥ p,s), a larger timestamp/time precision, cidr to inet. timestamp to timestamptz rewrites unless the session TimeZone is UTC, which a migration cannot promise.',
      solution:
        'Add a new column of the new type, backfill it in batches, move the application to it, then drop the old column. A column that a view, materialized view or rule reads cannot change type at all (PostgreSQL refuses, SQLSTATE 0A000, even for a binary-coercible change such as varchar(50) to text): drop the view (or rule) first and re-create it after; this is flagged for every table, new ones included. Not flagged when the schema model (the earlier migrations of the set) knows the column\'s current type and the change is binary-coercible, or when the table was created in the same migration; a column whose current type is unknown is assumed to rewrite.',
      bad: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      good: [
        'ALTER TABLE orders ADD COLUMN total_v2 bigint;',
        '-- backfill total_v2 in batches, switch the application to it, then drop total in a later migration',
      ].join('\n'),
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        const blocked = blockedByViews(node, ctx.facts.catalog);
        for (const { cmd, views } of blocked) {
          const def = cmd.def && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef : undefined;
          const names = views.map((d) => `${d.kind} ${d.name}`).join(', ');
          ctx.report({
            message: `ALTER COLUMN ${cmd.name} TYPE ${formatType(columnType(def?.typeName).type)} fails: ${names} ${views.length > 1 ? 'read' : 'reads'} ${table}.${cmd.name}, and PostgreSQL cannot change the type of a column a view or rule uses (SQLSTATE 0A000), binary-coercible or not.`,
            help: `Drop ${names} before the type change and re-create ${views.length > 1 ? 'them' : 'it'} after, in the same migration.`,
            ...(def?.location !== undefined ? { location: def.location } : {}),
          });
        }
        for (const cmd of commandsOnExistingTable(node, ctx.facts, ctx.statement.index)) {
          if (blocked.some((b) => b.cmd === cmd)) continue;
          const { subtype, name, def } = cmd;
          if (subtype !== 'AT_AlterColumnType' || name === undefined || !def || !('ColumnDef' in def)) continue;
          const target = columnType(def.ColumnDef.typeName).type;
          const using = def.ColumnDef.raw_default !== undefined;
          const current = ctx.facts.catalog.column(node.relation, name)?.type;
          if (current && !using && isBinaryCoercible(current, target)) continue;
          const why = using
            ? 'the USING expression computes every value anew'
            : current
              ? `${formatType(current)} to ${formatType(target)} is not binary-coercible`
              : `the schema model does not know the current type of ${name}, so the change is assumed not to be binary-coercible`;
          ctx.report({
            message: `ALTER COLUMN ${name} TYPE ${formatType(target)} rewrites ${table} and rebuilds its indexes under an ACCESS EXCLUSIVE lock (${why}), blocking reads and writes on ${table} until the rewrite ends.`,
            help: `Add a new column of type ${formatType(target)}, backfill it in batches, switch the application to it, then drop ${name}.`,
            ...(def.ColumnDef.location !== undefined ? { location: def.ColumnDef.location } : {}),
          });
        }
      },
    };
  },
});
