import type { ColumnDef, Constraint, Node } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { columnConstraints, commandsOnExistingTable } from '../src/facts/alter-table.js';

/** Types that bring their own default (nextval of an owned sequence). */
const SERIAL_TYPES = new Set(['smallserial', 'serial', 'bigserial', 'serial2', 'serial4', 'serial8']);

export default defineRule({
  meta: {
    id: 'adding-required-field',
    kind: 'rule',
    description: 'ADD COLUMN … NOT NULL without a DEFAULT on an existing table.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Adding a NOT NULL column without a DEFAULT fails on a table that has rows ("column contains null values"), so the migration passes on an empty development database and breaks in production. Once added, every INSERT from application code that does not set the column yet fails too.',
      solution:
        'Add the column as nullable (or with a non-volatile DEFAULT), deploy code that writes it, backfill it in batches, then add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, and SET NOT NULL. Columns of a table created in the same migration, generated and identity columns, and serial types are not flagged.',
      bad: 'ALTER TABLE orders ADD COLUMN currency text NOT NULL;',
      good: "ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT 'EUR';",
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        for (const cmd of commandsOnExistingTable(node, ctx.facts, ctx.statement.index)) {
          if (cmd.subtype !== 'AT_AddColumn') continue;
          const def = cmd.def;
          if (!def || !('ColumnDef' in def)) continue;
          const column = def.ColumnDef;
          const required = requiredConstraint(column);
          if (!required) continue;
          const name = column.colname ?? 'the column';
          ctx.report({
            message: `Adding NOT NULL column ${name} without a DEFAULT to ${table} fails when ${table} has rows, and then breaks every INSERT into ${table} that does not set ${name}.`,
            help: `Add ${name} as nullable (or with a DEFAULT), backfill it, then add CHECK (${name} IS NOT NULL) NOT VALID, VALIDATE it and SET NOT NULL.`,
            location: column.location ?? required.location,
          });
        }
      },
    };
  },
});

/** The NOT NULL (or PRIMARY KEY) constraint that makes the column required without a value, if any. */
function requiredConstraint(column: ColumnDef): Constraint | undefined {
  const constraints = columnConstraints(column);
  const hasValue = constraints.some(
    (c) =>
      (c.contype === 'CONSTR_DEFAULT' && !isNullConstant(c.raw_expr)) ||
      c.contype === 'CONSTR_GENERATED' ||
      c.contype === 'CONSTR_IDENTITY',
  );
  if (hasValue || isSerial(column) || column.raw_default || column.identity || column.generated) return undefined;
  return constraints.find((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
}

function isNullConstant(expr: Node | undefined): boolean {
  return expr !== undefined && 'A_Const' in expr && expr.A_Const.isnull === true;
}

function isSerial(column: ColumnDef): boolean {
  const names = column.typeName?.names ?? [];
  const last = names[names.length - 1];
  return names.length === 1 && last !== undefined && 'String' in last && SERIAL_TYPES.has(last.String.sval ?? '');
}
