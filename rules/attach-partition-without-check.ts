import type { AlterTableCmd, AlterTableStmt, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { mentionedColumns, type CatalogView } from '../src/facts/schema/index.js';

/**
 * A validated CHECK on the partition that mentions every key column of its parent: PostgreSQL
 * skips the scan when such a constraint implies the bound. The model cannot compare a predicate
 * with the bound, so it trusts the constraint; with the key unknown, any validated CHECK does.
 */
function hasProvingCheck(catalog: CatalogView, parent: RangeVar | undefined, partition: RangeVar, checkedHere: readonly CheckState[]): boolean {
  const key = (catalog.table(parent)?.partitionKey ?? []).filter((c): c is string => c !== null);
  const proves = (c: { validated: boolean; columns: readonly string[] }) => c.validated && key.every((column) => c.columns.includes(column));
  const table = catalog.table(partition);
  if (table) return [...table.constraints.values()].some((c) => c.kind === 'check' && proves(c));
  // A table the model does not know: the CHECKs this migration added and validated on it.
  return checkedHere.some((c) => c.table === relationName(partition) && proves(c));
}

interface CheckState {
  table: string;
  name: string;
  columns: readonly string[];
  validated: boolean;
}

export default defineRule({
  meta: {
    id: 'attach-partition-without-check',
    kind: 'rule',
    description: 'ATTACH PARTITION of an existing table without a validated CHECK constraint that proves the partition bound.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER TABLE … ATTACH PARTITION checks every row of the table being attached against the partition bound, while holding ACCESS EXCLUSIVE on it: reads and writes of that table wait for the whole scan (and, when the parent has a default partition, the default partition is scanned as well). PostgreSQL skips the scan only when a valid CHECK constraint on the table already implies the bound.',
      solution:
        'Before attaching, add a CHECK constraint that matches the bound with NOT VALID, then VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE: reads and writes go on); ATTACH PARTITION then skips the scan, and the CHECK can be dropped after. A table created earlier in the same migration is not flagged; the model trusts a validated CHECK on the partition key columns to match the bound.',
      bad: "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
      good: [
        "ALTER TABLE events_2025 ADD CONSTRAINT events_2025_bound CHECK (at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01') NOT VALID;",
        'ALTER TABLE events_2025 VALIDATE CONSTRAINT events_2025_bound;',
        "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
      ].join('\n'),
    },
  },
  create(ctx) {
    const checkedHere: CheckState[] = [];
    const track = (node: AlterTableStmt, cmd: AlterTableCmd) => {
      const table = relationName(node.relation);
      const c = cmd.def && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined;
      if (cmd.subtype === 'AT_AddConstraint' && c?.contype === 'CONSTR_CHECK') {
        checkedHere.push({ table, name: c.conname ?? '', columns: mentionedColumns(c.raw_expr), validated: c.skip_validation !== true });
      } else if (cmd.subtype === 'AT_ValidateConstraint') {
        for (const check of checkedHere) if (check.table === table && check.name === cmd.name) check.validated = true;
      }
    };
    return {
      AlterTableStmt(node) {
        for (const raw of node.cmds ?? []) {
          const cmd = 'AlterTableCmd' in raw ? raw.AlterTableCmd : undefined;
          if (cmd) track(node, cmd);
          const partition = cmd?.subtype === 'AT_AttachPartition' && cmd.def && 'PartitionCmd' in cmd.def ? cmd.def.PartitionCmd.name : undefined;
          if (!partition || ctx.facts.isTableCreatedEarlier(partition, ctx.statement.index)) continue;
          if (hasProvingCheck(ctx.facts.catalog, node.relation, partition, checkedHere)) continue;
          const name = relationName(partition);
          ctx.report({
            message: `ATTACH PARTITION ${name} scans every row of ${name} to check the partition bound under an ACCESS EXCLUSIVE lock, blocking reads and writes of ${name} until commit: no validated CHECK constraint on ${name} proves the bound.`,
            help: `Add a CHECK constraint matching the bound to ${name} NOT VALID, VALIDATE it, then attach (the scan is skipped) and drop the CHECK.`,
            ...(partition.location !== undefined ? { location: partition.location } : {}),
          });
        }
      },
    };
  },
});
