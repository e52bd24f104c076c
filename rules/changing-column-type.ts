import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { commandsOnExistingTable } from '../src/facts/alter-table.js';
import { columnType, formatType, isBinaryCoercible } from '../src/facts/schema/index.js';

export default defineRule({
  meta: {
    id: 'changing-column-type',
    kind: 'rule',
    description: 'ALTER COLUMN … TYPE that rewrites the table, unless the schema model proves the change binary-coercible.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER COLUMN … TYPE rewrites the whole table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock: every query on the table, reads included, waits until the rewrite ends. Only changes that keep the stored bytes valid skip the rewrite: varchar(n) to varchar(m ≥ n) or to text, text to varchar without a length, numeric(p,s) to numeric(p′ ≥ p,s), a larger timestamp/time precision, cidr to inet. timestamp to timestamptz rewrites unless the session TimeZone is UTC, which a migration cannot promise.',
      solution:
        'Add a new column of the new type, backfill it in batches, move the application to it, then drop the old column. Not flagged when the schema model (the earlier migrations of the set) knows the column\'s current type and the change is binary-coercible, or when the table was created in the same migration; a column whose current type is unknown is assumed to rewrite.',
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
        for (const cmd of commandsOnExistingTable(node, ctx.facts, ctx.statement.index)) {
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
