import type { AlterTableStmt, Node } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import type { LockFact } from '../src/facts/locks.js';

/** Subcommands PostgreSQL will not combine with others, or that are kept apart on purpose. */
const SEPARATE = new Set(['AT_AttachPartition', 'AT_DetachPartition', 'AT_DetachPartitionFinalize', 'AT_ValidateConstraint']);

/** A key for ALTER TABLE statements that could be one statement, or undefined. */
function mergeKey(node: Node): { key: string; stmt: AlterTableStmt } | undefined {
  if (!('AlterTableStmt' in node)) return undefined;
  const stmt = node.AlterTableStmt;
  if (stmt.objtype !== 'OBJECT_TABLE' || !stmt.relation?.relname) return undefined;
  if ((stmt.cmds ?? []).some((c) => 'AlterTableCmd' in c && SEPARATE.has(c.AlterTableCmd.subtype ?? ''))) return undefined;
  const r = stmt.relation;
  return { key: JSON.stringify([r.schemaname ?? '', r.relname, r.inh === true, stmt.missing_ok === true]), stmt };
}

/** What the statement does to the table's rows, as the lock table says: a rewrite, a scan, or nothing. */
function passOf(locks: readonly LockFact[]): string | undefined {
  if (locks.some((l) => l.rewrite === true)) return 'rewrites';
  if (locks.some((l) => l.rewrite !== false)) return 'may rewrite';
  return locks.some((l) => l.scan) ? 'scans' : undefined;
}

export default defineRule({
  meta: {
    id: 'merge-alter-table',
    kind: 'rule',
    description: 'Consecutive ALTER TABLE statements on the same table that could be one.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Each ALTER TABLE statement does its own work: two that each rewrite the table (column type changes, volatile defaults) rewrite it twice, two that each need a scan (SET NOT NULL, CHECK, FOREIGN KEY) scan it twice, and outside a transaction each one queues again for the ACCESS EXCLUSIVE lock behind running queries.',
      solution:
        'Write one ALTER TABLE with the subcommands separated by commas: PostgreSQL takes the lock once and combines rewrites and scans into one pass. Not flagged: statements separated by another statement (a backfill between them), VALIDATE CONSTRAINT and ATTACH/DETACH PARTITION (kept apart on purpose or not combinable), and tables created earlier in the same migration.',
      bad: 'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);',
      good: 'ALTER TABLE orders\n  ADD COLUMN note text,\n  ALTER COLUMN total TYPE numeric(12,2);',
    },
  },
  create(ctx) {
    let previous: string | undefined;
    return {
      statement(statement) {
        if (statement.nested) return;
        const current = mergeKey(statement.node);
        const merge = current !== undefined && current.key === previous;
        previous = current?.key;
        if (!merge || ctx.facts.isTableCreatedEarlier(current.stmt.relation, statement.index)) return;
        const table = relationName(current.stmt.relation);
        const work = passOf(statement.locks);
        const claim = work ? `this one ${work} ${table} in a pass of its own` : 'the two could be one statement';
        ctx.report({
          message: `ALTER TABLE ${table} right after another ALTER TABLE ${table}: ${claim}${statement.inTransaction ? '' : ', and queues again for the ACCESS EXCLUSIVE lock'}.`,
          help: `Merge them into one ALTER TABLE ${table} with the subcommands separated by commas.`,
        });
      },
    };
  },
});
