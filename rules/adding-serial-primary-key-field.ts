import type { Constraint, RangeVar } from '@pgsql/types';
import { defineRule, type RuleContext } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { additionsToExistingTable, columnConstraints } from '../src/facts/alter-table.js';

/** Key columns of a PRIMARY KEY … USING INDEX that the schema model knows to be nullable (SET NOT NULL then scans). */
function nullableKeyColumns(ctx: RuleContext, relation: RangeVar | undefined, c: Constraint): string[] {
  const table = ctx.facts.catalog.table(relation);
  const index = c.indexname ? table?.indexes.get(c.indexname) : undefined;
  if (!table || !index) return [];
  const proven = (column: string) =>
    ctx.pgVersion >= 12 && [...table.constraints.values()].some((k) => k.kind === 'check' && k.validated && (k.notNullColumns ?? []).includes(column));
  return index.columns.filter((column): column is string => column !== null && table.columns.get(column)?.notNull === false && !proven(column));
}

export default defineRule({
  meta: {
    id: 'adding-serial-primary-key-field',
    kind: 'rule',
    description: 'ADD PRIMARY KEY on an existing table, instead of PRIMARY KEY USING INDEX on NOT NULL columns.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER TABLE … ADD PRIMARY KEY builds a unique index, and sets NOT NULL on its columns, while holding an ACCESS EXCLUSIVE lock: every query on the table, reads included, waits until the index is built (and, for nullable columns, until every row is scanned). ADD COLUMN … PRIMARY KEY does the same, and a serial column also rewrites the table. Attaching an index with USING INDEX still scans the table when the schema model knows a key column is nullable.',
      solution:
        'Make the key columns NOT NULL without a scan (a validated CHECK (col IS NOT NULL), see adding-not-nullable-field), build the index with CREATE UNIQUE INDEX CONCURRENTLY in a migration that does not run in a transaction, then ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX …, which only takes a brief lock. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE items ADD PRIMARY KEY (id);',
      good: [
        'CREATE UNIQUE INDEX CONCURRENTLY items_pkey ON items (id);',
        '-- and in a later migration, once id is NOT NULL:',
        'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey;',
      ].join('\n'),
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        for (const { constraint: c, column } of additionsToExistingTable(node, ctx.facts, ctx.statement.index)) {
          if (c) {
            if (c.contype !== 'CONSTR_PRIMARY') continue;
            const location = c.location !== undefined ? { location: c.location } : {};
            if (!c.indexname) {
              ctx.report({
                message: `ADD PRIMARY KEY builds a unique index on ${table} under an ACCESS EXCLUSIVE lock, blocking reads and writes on ${table} until the index is built.`,
                help: `CREATE UNIQUE INDEX CONCURRENTLY on the key columns first (NOT NULL already), then ALTER TABLE ${table} ADD CONSTRAINT … PRIMARY KEY USING INDEX ….`,
                ...location,
              });
              continue;
            }
            const nullable = nullableKeyColumns(ctx, node.relation, c);
            if (nullable.length === 0) continue;
            ctx.report({
              message: `ADD PRIMARY KEY USING INDEX ${c.indexname} sets NOT NULL on ${nullable.join(', ')}, scanning every row of ${table} under an ACCESS EXCLUSIVE lock that blocks reads and writes on ${table}.`,
              help: `Prove ${nullable.join(', ')} NOT NULL first with a CHECK (… IS NOT NULL) added NOT VALID and validated in an earlier migration, then SET NOT NULL (no scan) before adding the primary key.`,
              ...location,
            });
          } else {
            const pk = columnConstraints(column).find((k) => k.contype === 'CONSTR_PRIMARY');
            if (!pk) continue;
            const name = column.colname ?? 'the column';
            ctx.report({
              message: `ADD COLUMN ${name} … PRIMARY KEY fills every row of ${table} and builds a unique index under an ACCESS EXCLUSIVE lock, blocking reads and writes on ${table} until it ends.`,
              help: `Add ${name} without PRIMARY KEY, backfill it in batches, make it NOT NULL without a scan, CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … PRIMARY KEY USING INDEX.`,
              ...(pk.location !== undefined ? { location: pk.location } : {}),
            });
          }
        }
      },
    };
  },
});
