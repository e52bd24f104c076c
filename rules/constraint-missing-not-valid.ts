import type { AlterTableStmt, Constraint, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';

/** NOT VALID constraints added in the current transaction: table key → names (undefined = unnamed). */
type Pending = Map<string, Set<string | undefined>>;

const tableKey = (schema: string | undefined, name: string | undefined) => `${schema ?? ''}.${name ?? ''}`;

export default defineRule({
  meta: {
    id: 'constraint-missing-not-valid',
    kind: 'rule',
    description: 'ADD CONSTRAINT … CHECK on an existing table without NOT VALID, or VALIDATE CONSTRAINT in the transaction that added it NOT VALID.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER TABLE … ADD CONSTRAINT … CHECK takes an ACCESS EXCLUSIVE lock and scans every row to check it: every query on the table, reads included, waits until the scan ends. Adding it NOT VALID skips the scan, but VALIDATE CONSTRAINT in the same transaction gains nothing: the ADD\'s lock is held until commit, so the validating scan still blocks everyone.',
      solution:
        'Add the constraint NOT VALID (brief lock, no scan; new rows are checked from then on), then VALIDATE CONSTRAINT in a later migration or after a COMMIT: it scans under SHARE UPDATE EXCLUSIVE, so reads and writes go on. No automatic fix: NOT VALID alone would turn a migration that fails on violating rows into one that keeps them, with the constraint never validated; the VALIDATE belongs in a new, later migration. A table created earlier in the same migration is not flagged, nor a NOT ENFORCED constraint (PostgreSQL 18: it checks no row, now or later).',
      bad: 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);',
      good: [
        'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;',
        '-- and in a later migration:',
        '-- ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;',
      ].join('\n'),
    },
  },
  create(ctx) {
    const pending: Pending = new Map();
    let block: number | undefined;
    const addPending = (key: string, name: string | undefined) => {
      const names = pending.get(key) ?? new Set();
      names.add(name);
      pending.set(key, names);
    };

    return {
      statement(statement) {
        // What an earlier transaction added NOT VALID is committed: validating it scans without the ADD's lock.
        if (statement.transactionBlock !== block) pending.clear();
        block = statement.transactionBlock;
      },
      AlterTableStmt(node) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        const table = relationName(node.relation);
        const key = tableKey(ctx.facts.catalog.table(node.relation)?.schema ?? node.relation?.schemaname, node.relation?.relname);
        const existing = !ctx.facts.isTableCreatedEarlier(node.relation, ctx.statement.index);
        for (const item of node.cmds ?? []) {
          if (!('AlterTableCmd' in item)) continue;
          const cmd = item.AlterTableCmd;
          const def = cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined;
          if (cmd.subtype === 'AT_AddConstraint' && def?.skip_validation) {
            addPending(key, def.conname);
          } else if (cmd.subtype === 'AT_AddConstraint' && def?.contype === 'CONSTR_CHECK' && existing) {
            reportCheck(def, table, node);
          } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name !== undefined && addedInThisTransaction(key, cmd.name, node.relation)) {
            ctx.report({
              message: `VALIDATE CONSTRAINT ${cmd.name} runs in the transaction that added it NOT VALID: the ADD's lock on ${table} is held until commit, so the validating scan blocks reads and writes on ${table} as if NOT VALID had not been used.`,
              help: `Validate ${cmd.name} in a later migration (or after a COMMIT), where VALIDATE CONSTRAINT takes only SHARE UPDATE EXCLUSIVE.`,
            });
          }
        }
      },
    };

    function addedInThisTransaction(key: string, name: string, relation: RangeVar | undefined): boolean {
      const names = pending.get(key);
      if (!names) return false;
      if (names.has(name)) return true;
      // An unnamed NOT VALID constraint is validated by the name PostgreSQL generated for it.
      return names.has(undefined) && ctx.facts.catalog.table(relation)?.constraints.get(name)?.validated === false;
    }

    function reportCheck(def: Constraint, table: string, node: AlterTableStmt): void {
      const name = def.conname ? ` ${def.conname}` : '';
      ctx.report({
        message: `ADD CONSTRAINT${name} … CHECK scans every row of ${table} under an ACCESS EXCLUSIVE lock, blocking reads and writes on ${table} until the scan ends.`,
        help: `Add it NOT VALID (no scan), then VALIDATE CONSTRAINT${name} in a later migration: validation does not block reads or writes.`,
        ...(def.location !== undefined ? { location: def.location } : {}),
      });
    }
  },
});
