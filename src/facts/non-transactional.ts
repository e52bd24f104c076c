// The statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001), named as its
// PreventInTransactionBlock() calls name them (tcop/utility.c, commands/*.c). Forms that
// depend on the live catalog are judged from the text alone, see refusedInTransactionBlock.
import type { Node } from '@pgsql/types';
import { hasOption } from './locks/options.js';

/** The newest PostgreSQL major the model knows, assumed when no version is given. */
const LATEST = 18;

/**
 * PostgreSQL's own words for a statement it refuses inside a transaction block (the name in
 * its 25001 message), or undefined when the statement may run in one.
 *
 * Not decidable from the text, so left out: REINDEX TABLE/INDEX and CLUSTER of a partitioned
 * table (refused since PG 14 / always), and ALTER TYPE … ADD VALUE before PG 12 on an enum
 * created in the same transaction (allowed then). DROP SUBSCRIPTION is refused only when the
 * subscription has a replication slot, which is the normal case, so it counts as refused.
 */
export function refusedInTransactionBlock(node: Node, pgVersion = LATEST): string | undefined {
  if ('IndexStmt' in node) return node.IndexStmt.concurrent === true ? 'CREATE INDEX CONCURRENTLY' : undefined;
  if ('DropStmt' in node) return node.DropStmt.concurrent === true ? 'DROP INDEX CONCURRENTLY' : undefined;
  if ('ReindexStmt' in node) return reindex(node.ReindexStmt.kind, node.ReindexStmt.params);
  if ('VacuumStmt' in node) return node.VacuumStmt.is_vacuumcmd === true ? 'VACUUM' : undefined;
  if ('ClusterStmt' in node) return node.ClusterStmt.relation ? undefined : 'CLUSTER';
  if ('AlterSystemStmt' in node) return 'ALTER SYSTEM';
  if ('CreatedbStmt' in node) return 'CREATE DATABASE';
  if ('DropdbStmt' in node) return 'DROP DATABASE';
  if ('AlterDatabaseStmt' in node) return hasDefElem(node.AlterDatabaseStmt.options, 'tablespace') ? 'ALTER DATABASE SET TABLESPACE' : undefined;
  if ('CreateTableSpaceStmt' in node) return 'CREATE TABLESPACE';
  if ('DropTableSpaceStmt' in node) return 'DROP TABLESPACE';
  if ('DiscardStmt' in node) return node.DiscardStmt.target === 'DISCARD_ALL' ? 'DISCARD ALL' : undefined;
  if ('TransactionStmt' in node) return preparedTransaction(node.TransactionStmt.kind);
  if ('CreateSubscriptionStmt' in node) return createsSlot(node.CreateSubscriptionStmt.options) ? 'CREATE SUBSCRIPTION ... WITH (create_slot = true)' : undefined;
  if ('DropSubscriptionStmt' in node) return 'DROP SUBSCRIPTION';
  if ('AlterSubscriptionStmt' in node) return alterSubscription(node.AlterSubscriptionStmt.kind, node.AlterSubscriptionStmt.options, pgVersion);
  if ('AlterEnumStmt' in node) return pgVersion < 12 && node.AlterEnumStmt.oldVal === undefined ? 'ALTER TYPE ... ADD' : undefined;
  if ('AlterTableStmt' in node) return detachesConcurrently(node.AlterTableStmt.cmds) ? 'ALTER TABLE ... DETACH CONCURRENTLY' : undefined;
  return undefined;
}

/** Statements PostgreSQL refuses inside a transaction block (SQLSTATE 25001). */
export function mustRunOutsideTransaction(node: Node, pgVersion = LATEST): boolean {
  return refusedInTransactionBlock(node, pgVersion) !== undefined;
}

function reindex(kind: string | undefined, params: Node[] | undefined): string | undefined {
  if (kind === 'REINDEX_OBJECT_SCHEMA') return 'REINDEX SCHEMA';
  if (kind === 'REINDEX_OBJECT_SYSTEM') return 'REINDEX SYSTEM';
  if (kind === 'REINDEX_OBJECT_DATABASE') return 'REINDEX DATABASE';
  return hasOption(params, 'concurrently') ? 'REINDEX CONCURRENTLY' : undefined;
}

function preparedTransaction(kind: string | undefined): string | undefined {
  if (kind === 'TRANS_STMT_COMMIT_PREPARED') return 'COMMIT PREPARED';
  if (kind === 'TRANS_STMT_ROLLBACK_PREPARED') return 'ROLLBACK PREPARED';
  return undefined;
}

/** create_slot defaults to the value of connect, which defaults to true. */
function createsSlot(options: Node[] | undefined): boolean {
  if (hasDefElem(options, 'create_slot')) return hasOption(options, 'create_slot');
  return !hasDefElem(options, 'connect') || hasOption(options, 'connect');
}

function alterSubscription(kind: string | undefined, options: Node[] | undefined, pgVersion: number): string | undefined {
  switch (kind) {
    case 'ALTER_SUBSCRIPTION_REFRESH':
      return 'ALTER SUBSCRIPTION ... REFRESH';
    case 'ALTER_SUBSCRIPTION_SET_PUBLICATION':
    case 'ALTER_SUBSCRIPTION_ADD_PUBLICATION':
    case 'ALTER_SUBSCRIPTION_DROP_PUBLICATION':
      // refresh defaults to true.
      return !hasDefElem(options, 'refresh') || hasOption(options, 'refresh') ? 'ALTER SUBSCRIPTION with refresh' : undefined;
    case 'ALTER_SUBSCRIPTION_OPTIONS':
      // Both alter the replication slot on the publisher, which no rollback undoes.
      if (pgVersion >= 17 && hasDefElem(options, 'failover')) return 'ALTER SUBSCRIPTION ... SET (failover)';
      if (pgVersion >= 18 && hasDefElem(options, 'two_phase') && !hasOption(options, 'two_phase')) return 'ALTER SUBSCRIPTION ... SET (two_phase = false)';
      return undefined;
    default:
      return undefined;
  }
}

function detachesConcurrently(cmds: Node[] | undefined): boolean {
  return (cmds ?? []).some((cmd) => {
    if (!('AlterTableCmd' in cmd)) return false;
    const def = cmd.AlterTableCmd.def;
    return cmd.AlterTableCmd.subtype === 'AT_DetachPartition' && !!def && 'PartitionCmd' in def && def.PartitionCmd.concurrent === true;
  });
}

function hasDefElem(options: Node[] | undefined, name: string): boolean {
  return (options ?? []).some((o) => 'DefElem' in o && o.DefElem.defname === name);
}
