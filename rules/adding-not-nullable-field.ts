import type { Constraint, RangeVar } from '@pgsql/types';
import { defineRule, type RuleContext } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { notNullColumns } from '../src/facts/schema/index.js';

/** A constraint of this section that proves columns NOT NULL once it is validated. */
interface NotNullProof {
  columns: Set<string>;
  validated: boolean;
}

/**
 * The schema model proves the column NOT NULL without a scan: it is NOT NULL already (SET NOT
 * NULL is then a no-op), or a validated CHECK (col IS NOT NULL) is on the table (pg ≥ 12).
 */
function catalogProves(ctx: RuleContext, relation: RangeVar | undefined, column: string): boolean {
  const table = ctx.facts.catalog.table(relation);
  if (!table) return false;
  if (table.columns.get(column)?.notNull) return true;
  return ctx.pgVersion >= 12 && [...table.constraints.values()].some((c) => c.kind === 'check' && c.validated && (c.notNullColumns ?? []).includes(column));
}

export default defineRule({
  meta: {
    id: 'adding-not-nullable-field',
    kind: 'rule',
    description: 'ALTER COLUMN … SET NOT NULL on an existing table (ACCESS EXCLUSIVE + full scan).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER COLUMN … SET NOT NULL takes an ACCESS EXCLUSIVE lock and scans the whole table to check that no row is NULL: every query on the table, reads included, waits until the scan ends.',
      solution:
        'On PostgreSQL 18 and later: ALTER TABLE … ADD CONSTRAINT name NOT NULL col NOT VALID (brief lock, no scan; new rows are checked), then in a later migration ALTER TABLE … VALIDATE CONSTRAINT name (scans under SHARE UPDATE EXCLUSIVE; the column is NOT NULL afterwards). On PostgreSQL 12 and later, prove the column NOT NULL first with a CHECK constraint that is validated without blocking, and SET NOT NULL skips the scan: (1) ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID (brief lock, no scan); then, in a later migration so the ADD\'s lock is not held meanwhile, (2) VALIDATE CONSTRAINT (scans under SHARE UPDATE EXCLUSIVE: reads and writes go on); (3) SET NOT NULL (no scan); (4) drop the CHECK constraint. Not flagged when a validated CHECK (col IS NOT NULL) precedes it, in the same migration or in an earlier migration of the set (the schema model), when the schema model knows the column is NOT NULL already, or when the table was created in the same migration.',
      bad: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      good: [
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_not_null CHECK (customer_id IS NOT NULL) NOT VALID;',
        '-- better in a later migration, so the ADD\'s lock is not held meanwhile:',
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_not_null;',
        'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
        'ALTER TABLE orders DROP CONSTRAINT orders_customer_id_not_null;',
      ].join('\n'),
    },
  },
  create(ctx) {
    // Per section: table name → constraint name → what it proves, for tables the schema model
    // does not know (it knows the constraints of the tables it knows). Unnamed constraints get
    // a key no real name can take.
    const proofs = new Map<string, Map<string, NotNullProof>>();
    let unnamed = 0;
    const proven = (table: string, column: string) => [...(proofs.get(table)?.values() ?? [])].some((p) => p.validated && p.columns.has(column));

    return {
      AlterTableStmt(node) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        const cmds = (node.cmds ?? []).flatMap((c) => ('AlterTableCmd' in c ? [c.AlterTableCmd] : []));
        const key = node.relation?.relname ?? '';
        const table = relationName(node.relation);

        if (!ctx.facts.isTableCreatedEarlier(node.relation, ctx.statement.index)) {
          for (const cmd of cmds) {
            if (cmd.subtype !== 'AT_SetNotNull' || !cmd.name) continue;
            if (catalogProves(ctx, node.relation, cmd.name) || (ctx.pgVersion >= 12 && proven(key, cmd.name))) continue;
            ctx.report({
              message: `ALTER COLUMN ${cmd.name} SET NOT NULL takes an ACCESS EXCLUSIVE lock on ${table} and scans every row, blocking reads and writes on ${table} until the scan ends.`,
              help:
                ctx.pgVersion >= 18
                  ? `Instead: ADD CONSTRAINT ${node.relation?.relname ?? 't'}_${cmd.name}_not_null NOT NULL ${cmd.name} NOT VALID (no scan), then VALIDATE CONSTRAINT in a later migration (no blocking lock): the column is then NOT NULL.`
                  : ctx.pgVersion >= 12
                  ? `First ADD CONSTRAINT … CHECK (${cmd.name} IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT (no blocking lock), then SET NOT NULL (no scan), then drop the CHECK constraint.`
                  : `PostgreSQL ${ctx.pgVersion} always scans for SET NOT NULL (from 12 on, a validated CHECK (${cmd.name} IS NOT NULL) avoids the scan): run it at a quiet time with a lock_timeout, or keep a validated CHECK constraint instead of NOT NULL.`,
            });
          }
        }

        // Constraints this statement adds count for the statements after it.
        let constraints = proofs.get(key);
        if (!constraints) proofs.set(key, (constraints = new Map()));
        for (const cmd of cmds) {
          if (cmd.subtype === 'AT_AddConstraint' && cmd.def && 'Constraint' in cmd.def) {
            const columns = provenColumns(cmd.def.Constraint, ctx.pgVersion);
            if (columns.size === 0) continue;
            const name = cmd.def.Constraint.conname ?? ` unnamed ${unnamed++}`;
            constraints.set(name, { columns, validated: cmd.def.Constraint.skip_validation !== true });
          } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
            const proof = constraints.get(cmd.name);
            if (proof) proof.validated = true;
          } else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
            constraints.delete(cmd.name);
          }
        }
      },
    };
  },
});

/** Columns a constraint proves NOT NULL: CHECK (a IS NOT NULL [AND b IS NOT NULL …]), or a pg 18 NOT NULL constraint. */
function provenColumns(constraint: Constraint, pgVersion: number): Set<string> {
  const columns = new Set<string>();
  if (constraint.contype === 'CONSTR_CHECK') for (const column of notNullColumns(constraint.raw_expr)) columns.add(column);
  else if (constraint.contype === 'CONSTR_NOTNULL' && pgVersion >= 18) {
    for (const k of constraint.keys ?? []) if ('String' in k && k.String.sval) columns.add(k.String.sval);
  }
  return columns;
}
