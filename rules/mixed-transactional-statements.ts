import type { Node } from '@pgsql/types';
import { defineRule, type CurrentStatement } from '../src/rule.js';
import { hasOption } from '../src/facts/locks/options.js';

/** Statements that set up the session or control transactions: no work of their own to half-apply. */
const SETUP = new Set(['VariableSetStmt', 'VariableShowStmt', 'TransactionStmt']);

/** The words for a statement PostgreSQL refuses inside a transaction block. */
function outsideWords(node: Node): string {
  if ('IndexStmt' in node) return 'CREATE INDEX CONCURRENTLY';
  if ('DropStmt' in node) return 'DROP INDEX CONCURRENTLY';
  if ('ReindexStmt' in node) return 'REINDEX CONCURRENTLY';
  if ('VacuumStmt' in node) return hasOption(node.VacuumStmt.options, 'full') ? 'VACUUM FULL' : 'VACUUM';
  if ('AlterTableStmt' in node) return 'DETACH PARTITION CONCURRENTLY';
  if ('AlterSystemStmt' in node) return 'ALTER SYSTEM';
  if ('CreatedbStmt' in node) return 'CREATE DATABASE';
  if ('DropdbStmt' in node) return 'DROP DATABASE';
  return 'This statement';
}

export default defineRule({
  meta: {
    id: 'mixed-transactional-statements',
    kind: 'rule',
    description: 'A migration mixing statements that must run outside a transaction (CONCURRENTLY, VACUUM, ALTER SYSTEM, CREATE DATABASE) with other statements.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY, VACUUM, ALTER SYSTEM and CREATE DATABASE cannot run in a transaction block, so a migration holding one runs without a transaction: each of its statements commits on its own. When one fails half-way, the migration is left half-applied, and running it again fails on what already exists.',
      solution:
        'Give each statement that cannot run in a transaction a migration of its own (several CONCURRENTLY statements may share one); keep the other statements in transactional migrations. SET statements do not count.',
      bad: 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
      good: 'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
    },
  },
  create(ctx) {
    let outside: CurrentStatement | undefined;
    let others = 0;
    return {
      statement(stmt) {
        if (stmt.nested || SETUP.has(stmt.tag)) return;
        // Inside a transaction it fails outright (ban-concurrent-index-creation-in-transaction): nothing is half-applied.
        if (stmt.mustRunOutsideTransaction) {
          if (!stmt.inTransaction) outside ??= stmt;
        } else others++;
      },
      endOfSection() {
        if (!outside || others === 0) return;
        const what = outsideWords(outside.node);
        ctx.report({
          span: outside.span,
          message: `${what} cannot run in a transaction, so this migration runs without one: ${others === 1 ? 'its other statement commits on its own' : `its ${others} other statements commit one by one`}, and a failure half-way leaves the migration half-applied.`,
          help: `Move ${what} into a migration of its own.`,
        });
      },
    };
  },
});
