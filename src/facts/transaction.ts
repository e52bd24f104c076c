// The transaction model: which statements run inside a transaction block, from the runner's
// wrap mode and the BEGIN/COMMIT/ROLLBACK in the text.
import type { Node } from '@pgsql/types';
import type { TransactionMode, WrapMode } from '../types.js';
import type { TransactionFacts } from './types.js';

/** Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001). */
export function mustRunOutsideTransaction(node: Node): boolean {
  if ('IndexStmt' in node) return node.IndexStmt.concurrent === true;
  if ('DropStmt' in node) return node.DropStmt.concurrent === true;
  if ('ReindexStmt' in node) return hasOption(node.ReindexStmt.params, 'concurrently');
  if ('VacuumStmt' in node) return node.VacuumStmt.is_vacuumcmd === true;
  if ('AlterSystemStmt' in node) return true;
  if ('CreatedbStmt' in node || 'DropdbStmt' in node) return true;
  if ('CreateTableSpaceStmt' in node || 'DropTableSpaceStmt' in node) return true;
  if ('AlterTableStmt' in node) {
    return (node.AlterTableStmt.cmds ?? []).some((cmd) => {
      if (!('AlterTableCmd' in cmd)) return false;
      const def = cmd.AlterTableCmd.def;
      return cmd.AlterTableCmd.subtype === 'AT_DetachPartition' && !!def && 'PartitionCmd' in def && def.PartitionCmd.concurrent === true;
    });
  }
  return false;
}

function hasOption(params: Node[] | undefined, name: string): boolean {
  return (params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === name);
}

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

export interface TransactionModel {
  mode: TransactionMode;
  statements: TransactionFacts[];
}

export function transactionModel(nodes: readonly Node[], wrap: WrapMode): TransactionModel {
  const outside = nodes.map(mustRunOutsideTransaction);
  const explicit = nodes.some((n) => transactionEffect(n) !== null);
  let mode: TransactionMode;
  if (wrap === 'wrapped') mode = 'wrapped';
  else if (explicit) mode = 'explicit';
  else if (wrap === 'auto' && !outside.some(Boolean)) mode = 'wrapped';
  else mode = 'none';

  let open = mode === 'wrapped';
  let explicitOpen = false;
  const statements = nodes.map((node, index) => {
    const effect = transactionEffect(node);
    if (effect === 'begin') open = explicitOpen = true;
    const inTransaction = open || mode === 'wrapped';
    const canRunOutsideTransaction = wrap !== 'wrapped' && !explicitOpen;
    if (effect === 'end' && mode !== 'wrapped') open = explicitOpen = false;
    return { index, inTransaction, mustRunOutsideTransaction: outside[index], canRunOutsideTransaction };
  });
  return { mode, statements };
}
