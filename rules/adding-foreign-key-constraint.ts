import type { AlterTableStmt, ColumnDef, Constraint, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { additionsToExistingTable, columnConstraints } from '../src/facts/alter-table.js';
import { relationName } from '../src/facts/names.js';
import { isNullConstant } from '../src/facts/schema/index.js';

/** ADD COLUMN … REFERENCES checks existing rows only when the column gets a non-NULL default. */
function defaultedReference(def: ColumnDef): Constraint | undefined {
  const constraints = columnConstraints(def);
  const withDefault = constraints.some((c) => c.contype === 'CONSTR_DEFAULT' && !isNullConstant(c.raw_expr));
  return withDefault ? constraints.find((c) => c.contype === 'CONSTR_FOREIGN') : undefined;
}

export default defineRule({
  meta: {
    id: 'adding-foreign-key-constraint',
    kind: 'rule',
    description: 'A foreign key added without NOT VALID to an existing table, or to a table the migration created and filled (SHARE ROW EXCLUSIVE while every row is checked).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY checks every existing row against the referenced table while holding SHARE ROW EXCLUSIVE locks on both tables: inserts, updates and deletes on either table wait until the whole table is checked. ADD COLUMN … REFERENCES with a non-NULL DEFAULT checks every row the same way. A table created in the same migration is new, but once filled (CREATE TABLE AS, SELECT INTO, INSERT, COPY) a foreign key added to it is checked row by row against the existing referenced table, under a SHARE ROW EXCLUSIVE lock on that table held until commit.',
      solution:
        'Add the foreign key NOT VALID (a brief lock, no scan; new rows are checked from then on), then VALIDATE CONSTRAINT in a later migration: validation takes SHARE UPDATE EXCLUSIVE on the table and ROW SHARE on the referenced one, so writes go on. No automatic fix: NOT VALID alone would turn a migration that fails on violating rows into one that keeps them, with the constraint never validated; the VALIDATE belongs in a new, later migration. A table created earlier in the same migration is not flagged while it is empty, nor a NOT ENFORCED foreign key (PostgreSQL 18: it checks no row, now or later).',
      bad: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);',
      good: [
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;',
        '-- and in a later migration:',
        '-- ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;',
      ].join('\n'),
    },
  },
  create(ctx) {
    /** Tables created in this migration and filled since (CREATE TABLE AS, SELECT INTO, INSERT, COPY FROM). */
    const populated = new Set<string>();
    const filled = (relation: RangeVar | undefined, created: boolean) => {
      if (relation?.relname && (created || ctx.facts.isTableCreatedEarlier(relation, ctx.statement.index))) populated.add(relationName(relation));
    };
    return {
      CreateTableAsStmt(node) {
        if (node.objtype === 'OBJECT_TABLE' && !node.into?.skipData) filled(node.into?.rel, true);
      },
      SelectStmt(node) {
        filled(node.intoClause?.rel, true);
      },
      InsertStmt(node) {
        filled(node.relation, false);
      },
      CopyStmt(node) {
        if (node.is_from) filled(node.relation, false);
      },
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        if (populated.has(table) && ctx.facts.isTableCreatedEarlier(node.relation, ctx.statement.index)) reportFilledTable(node);
        for (const { constraint, column } of additionsToExistingTable(node, ctx.facts, ctx.statement.index)) {
          if (constraint) {
            const fk = constraint;
            if (fk.contype !== 'CONSTR_FOREIGN' || fk.skip_validation) continue;
            const referenced = relationName(fk.pktable);
            const name = fk.conname ? ` ${fk.conname}` : '';
            ctx.report({
              message: `ADD CONSTRAINT${name} … FOREIGN KEY checks every row of ${table} against ${referenced} under SHARE ROW EXCLUSIVE locks on both, blocking writes to ${table} and ${referenced} until the check ends.`,
              help: `Add it NOT VALID (no check of existing rows), then VALIDATE CONSTRAINT${name} in a later migration: validation does not block writes.`,
              ...(fk.location !== undefined ? { location: fk.location } : {}),
            });
          } else {
            const fk = defaultedReference(column);
            if (!fk) continue;
            const name = column.colname ?? 'the column';
            ctx.report({
              message: `ADD COLUMN ${name} … REFERENCES ${relationName(fk.pktable)} with a DEFAULT checks every row of ${table} against ${relationName(fk.pktable)} while holding ACCESS EXCLUSIVE on ${table} and SHARE ROW EXCLUSIVE on ${relationName(fk.pktable)}: reads and writes on ${table}, and writes on ${relationName(fk.pktable)}, wait until the check ends.`,
              help: `Add ${name} without REFERENCES, then ADD CONSTRAINT … FOREIGN KEY (${name}) … NOT VALID, and VALIDATE CONSTRAINT in a later migration.`,
              ...(fk.location !== undefined ? { location: fk.location } : {}),
            });
          }
        }
      },
    };

    function reportFilledTable(node: AlterTableStmt): void {
      const table = relationName(node.relation);
      for (const raw of node.cmds ?? []) {
        const def = 'AlterTableCmd' in raw && raw.AlterTableCmd.subtype === 'AT_AddConstraint' ? raw.AlterTableCmd.def : undefined;
        const fk = def && 'Constraint' in def ? def.Constraint : undefined;
        if (fk?.contype !== 'CONSTR_FOREIGN' || fk.skip_validation || ctx.facts.isTableCreatedEarlier(fk.pktable, ctx.statement.index)) continue;
        const referenced = relationName(fk.pktable);
        const name = fk.conname ? ` ${fk.conname}` : '';
        ctx.report({
          message: `ADD CONSTRAINT${name} … FOREIGN KEY checks every row this migration put into ${table} against ${referenced}, while holding a SHARE ROW EXCLUSIVE lock on ${referenced} until commit: writes to ${referenced} wait for the whole check.`,
          help: `Add it NOT VALID, then VALIDATE CONSTRAINT${name} in a later migration (validation takes only ROW SHARE on ${referenced}).`,
          ...(fk.location !== undefined ? { location: fk.location } : {}),
        });
      }
    }
  },
});
