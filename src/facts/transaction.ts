// The transaction model: which statements run inside a transaction block, from the runner's
// wrap mode and the BEGIN/COMMIT/ROLLBACK in the text.
import type { Node } from '@pgsql/types';
import type { TransactionMode, WrapMode } from '../types.js';
import { mustRunOutsideTransaction } from './non-transactional.js';
import type { TransactionFacts } from './types.js';
import { isRunnerBookkeeping } from './bookkeeping.js';

export { mustRunOutsideTransaction } from './non-transactional.js';

export type TxEffect = 'begin' | 'end' | null;

/** Whether a statement opens or ends an explicit transaction block. */
export function transactionEffect(node: Node): TxEffect {
  if (!('TransactionStmt' in node)) return null;
  switch (node.TransactionStmt.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return 'begin';
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
    case 'TRANS_STMT_PREPARE':
      return 'end';
    default:
      return null;
  }
}

/**
 * Statements with no work of their own to half-apply: session settings, transaction control, the
 * runner's own version-table write, a SELECT of constants.
 */
export function doesNoWork(node: Node): boolean {
  return 'VariableSetStmt' in node || 'VariableShowStmt' in node || 'TransactionStmt' in node || isRunnerBookkeeping(node) || selectsConstants(node);
}

/** `SELECT 1`, `SELECT 'x'`: no table, no function, nothing done. */
function selectsConstants(node: Node): boolean {
  if (!('SelectStmt' in node)) return false;
  const { fromClause, withClause, targetList, op } = node.SelectStmt;
  if (fromClause || withClause || (op && op !== 'SETOP_NONE') || !targetList) return false;
  return targetList.every((t) => 'ResTarget' in t && t.ResTarget.val !== undefined && 'A_Const' in t.ResTarget.val);
}

/** CREATE INDEX, DROP INDEX and REINDEX without CONCURRENTLY: the statements an automatic fix may make leave the transaction. */
function hasConcurrentlyFix(node: Node): boolean {
  if ('IndexStmt' in node) return node.IndexStmt.concurrent !== true;
  if ('DropStmt' in node) return node.DropStmt.removeType === 'OBJECT_INDEX' && node.DropStmt.concurrent !== true;
  if ('ReindexStmt' in node) return !(node.ReindexStmt.params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === 'concurrently');
  return false;
}

export interface TransactionModel {
  mode: TransactionMode;
  statements: TransactionFacts[];
}

/** The numbers of the queries that hold several statements. */
function multiStatementQueries(queries: readonly (number | undefined)[]): Set<number> {
  const counts = new Map<number, number>();
  for (const q of queries) if (q !== undefined) counts.set(q, (counts.get(q) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n > 1).map(([q]) => q));
}

/**
 * `queries`: per statement, the number of the simple-query message it is sent in when the section
 * goes to the server as several (an ORM's calls); undefined entries are sent on their own.
 */
export function transactionModel(nodes: readonly Node[], wrap: WrapMode, pgVersion?: number, queries: readonly (number | undefined)[] = []): TransactionModel {
  const outside = nodes.map((n) => mustRunOutsideTransaction(n, pgVersion));
  const explicit = nodes.some((n) => transactionEffect(n) !== null);
  // One multi-statement query: every statement runs in an implicit transaction block (a COMMIT
  // inside only starts the next one); a lone statement runs in none.
  const implicitBlock = wrap === 'implicit' && nodes.length > 1;
  let mode: TransactionMode;
  if (wrap === 'wrapped') mode = 'wrapped';
  else if (explicit) mode = 'explicit';
  else if (implicitBlock || wrap === 'whole-run') mode = 'wrapped';
  else if (wrap === 'auto' && !outside.some(Boolean)) mode = 'wrapped';
  else mode = 'none';

  // Under whole-run the section starts inside the run's transaction; a COMMIT in the file ends it.
  let open = mode === 'wrapped' || wrap === 'whole-run';
  let explicitOpen = false;
  // Work that runs in a transaction when it may: a statement made to leave it would mix with it.
  // Index builds, drops and reindexes do not count: their own fixes move them out together.
  const work = nodes.map((n, i) => !outside[i] && !doesNoWork(n) && !hasConcurrentlyFix(n));
  const multiStatement = multiStatementQueries(queries);
  const statements = nodes.map((node, index): TransactionFacts => {
    const effect = transactionEffect(node);
    if (effect === 'begin') open = explicitOpen = true;
    // A query string of several statements is one implicit transaction when no other is open.
    const query = queries[index];
    const implicitQuery = !open && mode !== 'wrapped' && !implicitBlock && query !== undefined && multiStatement.has(query) ? query : undefined;
    const inTransaction = open || mode === 'wrapped' || implicitBlock || implicitQuery !== undefined;
    const alone = work.every((w, i) => !w || i === index);
    const canRunOutsideTransaction = alone && wrap !== 'wrapped' && !implicitBlock && implicitQuery === undefined && !explicitOpen && !(wrap === 'whole-run' && open);
    if (effect === 'end' && mode !== 'wrapped') open = explicitOpen = false;
    return { index, inTransaction, mustRunOutsideTransaction: outside[index], canRunOutsideTransaction, ...(implicitQuery !== undefined ? { implicitQuery } : {}) };
  });
  return { mode, statements };
}
