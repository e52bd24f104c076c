// Per statement of a section: the transaction model's facts plus the lock table's and the
// session timeouts' — what analyse hands to rules as `ctx.statement`.
import type { Node } from '@pgsql/types';
import type { StatementFacts, TransactionFacts } from '../types.js';
import { lockOf } from '../locks.js';
import { LockCollector } from './fact.js';
import { sessionTimeouts } from './settings.js';

/** A DO block's locks, and a SELECT's or CALL's of a routine the section defined, include those of the statements it runs. */
function locksOf(node: Node, nested: readonly Node[], pgVersion: number) {
  if (nested.length === 0) return lockOf(node, pgVersion);
  const out = new LockCollector();
  for (const inner of [node, ...nested]) for (const fact of lockOf(inner, pgVersion)) out.add(fact.relation, fact);
  return out.facts();
}

/** Numbers the transactions statements run in: COMMIT/ROLLBACK ends one, the next statement starts another, and so does the next multi-statement query. */
function transactionBlocks(nodes: readonly Node[], transactions: readonly TransactionFacts[]): number[] {
  const inTransaction = transactions.map((t) => t.inTransaction);
  let block = 0;
  let open = false;
  return nodes.map((node, i) => {
    const kind = 'TransactionStmt' in node ? node.TransactionStmt.kind : undefined;
    const query = transactions[i]?.implicitQuery;
    // A BEGIN inside an open transaction (the runner's, or an explicit one) starts nothing new.
    if (!open || !inTransaction[i] || (query !== undefined && query !== transactions[i - 1]?.implicitQuery)) block++;
    const current = block;
    open = inTransaction[i] && kind !== 'TRANS_STMT_COMMIT' && kind !== 'TRANS_STMT_ROLLBACK' && kind !== 'TRANS_STMT_PREPARE';
    return current;
  });
}

export function withLockFacts(
  nodes: readonly Node[],
  transactions: readonly TransactionFacts[],
  nested: (index: number) => readonly Node[],
  pgVersion: number,
): StatementFacts[] {
  const inTransaction = transactions.map((t) => t.inTransaction);
  const timeouts = sessionTimeouts(nodes, inTransaction, nested);
  const blocks = transactionBlocks(nodes, transactions);
  // Each written out whole, keys in the order a spread of `t` gives: V8 adds a property after a
  // spread (`{ ...t, locks }`) on a slow path, about a microsecond each.
  return transactions.map((t, i) => {
    const { lockTimeoutSet, statementTimeoutSet } = timeouts[i]!;
    const { index, inTransaction, mustRunOutsideTransaction, canRunOutsideTransaction, implicitQuery } = t;
    const transactionBlock = blocks[i]!;
    const locks = locksOf(nodes[i]!, nested(i), pgVersion);
    return implicitQuery === undefined
      ? { index, inTransaction, mustRunOutsideTransaction, canRunOutsideTransaction, lockTimeoutSet, statementTimeoutSet, transactionBlock, locks }
      : { index, inTransaction, mustRunOutsideTransaction, canRunOutsideTransaction, implicitQuery, lockTimeoutSet, statementTimeoutSet, transactionBlock, locks };
  });
}
