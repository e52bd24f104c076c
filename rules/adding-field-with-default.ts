import type { ColumnDef, Constraint } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { columnConstraints, commandsOnExistingTable } from '../src/facts/alter-table.js';
import { columnType, exprText, isNullConstant, volatileCall } from '../src/facts/schema/index.js';

/** The DEFAULT of an added column, unless it is NULL (nothing is written) or the column is serial/identity/generated (other rules). */
function addedDefault(def: ColumnDef): Constraint | undefined {
  if (columnType(def.typeName).serial) return undefined;
  const constraints = columnConstraints(def);
  if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED')) return undefined;
  const value = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
  return value && !isNullConstant(value.raw_expr) ? value : undefined;
}

export default defineRule({
  meta: {
    id: 'adding-field-with-default',
    kind: 'rule',
    description: 'ADD COLUMN … DEFAULT that rewrites the table: a volatile default, or any default before PostgreSQL 11.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ADD COLUMN … DEFAULT must give every existing row the default. From PostgreSQL 11 on, a constant or non-volatile default (\'new\', 0, now(), CURRENT_TIMESTAMP) is evaluated once and kept in the catalog: no rewrite. A volatile default (random(), gen_random_uuid(), uuid_generate_v4(), clock_timestamp(), nextval(), or a function not known to be IMMUTABLE or STABLE) is evaluated for each row, so PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done. Before PostgreSQL 11 every non-NULL default rewrites.',
      solution:
        'Add the column without the default, then ALTER COLUMN … SET DEFAULT (it applies to new rows only, no rewrite), and backfill existing rows in batches. Functions the migrations create are judged by their declared volatility. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      good: 'ALTER TABLE orders ADD COLUMN token uuid;\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();',
    },
  },
  create(ctx) {
    const lookup = (name: string, schema: string | undefined) => ctx.facts.catalog.function(name, schema)?.volatility;
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        for (const cmd of commandsOnExistingTable(node, ctx.facts, ctx.statement.index)) {
          const { subtype, def } = cmd;
          if (subtype !== 'AT_AddColumn' || !def || !('ColumnDef' in def)) continue;
          const value = addedDefault(def.ColumnDef);
          if (!value) continue;
          const column = def.ColumnDef.colname ?? 'the column';
          const shown = exprText(value.raw_expr) ?? 'expression';
          const call = ctx.pgVersion >= 11 ? volatileCall(value.raw_expr, lookup) : undefined;
          if (ctx.pgVersion >= 11 && !call) continue;
          const why =
            ctx.pgVersion < 11
              ? `PostgreSQL ${ctx.pgVersion} writes any default into every row`
              : call?.known
                ? `${call.name}() is volatile, so it is evaluated for every row`
                : `${call?.name}() is not known to be IMMUTABLE or STABLE (a function is VOLATILE unless declared otherwise), so it is evaluated for every row`;
          ctx.report({
            message: `ADD COLUMN ${column} … DEFAULT ${shown} rewrites ${table}: ${why}, under an ACCESS EXCLUSIVE lock that blocks reads and writes on ${table} until the rewrite ends.`,
            help: `Add ${column} without a default, then ALTER COLUMN ${column} SET DEFAULT ${shown} (new rows only), and backfill existing rows in batches.`,
            ...(value.location !== undefined ? { location: value.location } : {}),
          });
        }
      },
    };
  },
});
