import type { Node } from '@pgsql/types';
import { defineRule, type CurrentStatement } from '../src/rule.js';

/**
 * Settings whose leak cannot change what a later statement does to the schema or the data:
 * they bound how long it may wait or run, size its memory, or choose what is logged.
 */
const HARMLESS = new Set([
  'lock_timeout',
  'statement_timeout',
  'idle_in_transaction_session_timeout',
  'idle_session_timeout',
  'transaction_timeout',
  'application_name',
  'client_min_messages',
  'work_mem',
  'maintenance_work_mem',
  'max_parallel_maintenance_workers',
  'max_parallel_workers_per_gather',
]);

/** RESET ALL leaves these alone; RESET SESSION AUTHORIZATION resets both. */
const NOT_RESET_BY_ALL = new Set(['role', 'session_authorization']);

interface SessionSet {
  name: string;
  statement: CurrentStatement;
  /** SELECT set_config(…, false) rather than SET. */
  viaSetConfig: boolean;
}

export default defineRule({
  meta: {
    id: 'session-setting-outlives-migration',
    kind: 'rule',
    description: 'A session-level SET (or set_config(…, false)) that is still in effect when the migration ends.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A plain `SET` lasts for the whole session, not the migration: it survives the COMMIT of the migration\'s transaction. Runners that apply several migrations on one connection (and psql scripts that include them) run every later migration with it: `SET search_path = archive` puts the next migration\'s tables in `archive`, `SET session_replication_role = replica` turns off its foreign keys and triggers, `SET ROLE` makes another role own what it creates, `SET DateStyle`/`TimeZone` change how it reads and writes dates. The result then depends on how many migrations happen to be pending. (migrationlint\'s own `apply` resets the session before every migration; other runners do not.) Not reported: settings that only bound waiting or resources or choose messages — `lock_timeout`, `statement_timeout` (the usual first lines of a migration), the idle/transaction timeouts, `application_name`, `client_min_messages`, `work_mem`, `maintenance_work_mem` and the parallel-worker limits — since they cannot change what a later statement does to the schema or the data; and a setting the migration resets before it ends.',
      solution:
        'In a migration that runs in a transaction, use `SET LOCAL` (or `set_config(name, value, true)`): it ends with the transaction. Outside a transaction, where `SET LOCAL` has no effect, `RESET` the setting at the end of the migration (`RESET ROLE`, `RESET search_path`, `RESET ALL`).',
      bad: 'SET search_path = archive, public;\nCREATE TABLE events (id bigint);',
      good: 'SET LOCAL search_path = archive, public;\nCREATE TABLE events (id bigint);',
    },
  },
  create(ctx) {
    const pending = new Map<string, SessionSet>();
    const reset = (name: string) => {
      if (name === 'session_authorization') pending.delete('role');
      pending.delete(name);
    };
    return {
      // SET and RESET, or SELECT set_config(…).
      statementTags: ['VariableSetStmt', 'SelectStmt'],
      statement(stmt) {
        const node = stmt.node;
        if ('VariableSetStmt' in node) {
          const { kind, name, is_local: isLocal } = node.VariableSetStmt;
          const setting = sessionSettingName(kind, name);
          if (kind === 'VAR_RESET_ALL') {
            for (const key of [...pending.keys()]) if (!NOT_RESET_BY_ALL.has(key)) pending.delete(key);
          } else if ((kind === 'VAR_RESET' || kind === 'VAR_SET_DEFAULT') && name) reset(name.toLowerCase());
          else if (setting && !isLocal && !HARMLESS.has(setting)) pending.set(setting, { name: setting, statement: stmt, viaSetConfig: false });
          return;
        }
        const viaSetConfig = sessionSetConfig(node);
        if (viaSetConfig && !HARMLESS.has(viaSetConfig)) pending.set(viaSetConfig, { name: viaSetConfig, statement: stmt, viaSetConfig: true });
      },
      endOfSection() {
        for (const set of pending.values()) {
          const fix = set.statement.inTransaction
            ? set.viaSetConfig
              ? `Pass true as set_config's third argument (local to the transaction), or RESET ${set.name} at the end of the migration.`
              : `Use SET LOCAL (it ends with the migration's transaction), or RESET ${set.name} at the end of the migration.`
            : `This migration runs outside a transaction, where SET LOCAL has no effect: RESET ${set.name} at its end.`;
          ctx.report({
            span: set.statement.span,
            message: `${set.name} stays set after this migration: the session keeps it, and runners that apply the next migrations on the same connection run them with it.`,
            help: fix,
          });
        }
      },
    };
  },
});

/** The setting a SET changes for the session, or undefined (RESET, SET TRANSACTION …). */
function sessionSettingName(kind: string | undefined, name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (kind === 'VAR_SET_VALUE' || kind === 'VAR_SET_CURRENT') return name.toLowerCase();
  if (kind === 'VAR_SET_MULTI' && name === 'SESSION CHARACTERISTICS') return 'default transaction characteristics';
  return undefined;
}

/** `SELECT set_config('name', …, false)` at the top of a statement: the setting's name. */
function sessionSetConfig(node: Node): string | undefined {
  if (!('SelectStmt' in node)) return undefined;
  for (const target of node.SelectStmt.targetList ?? []) {
    const val = 'ResTarget' in target ? target.ResTarget.val : undefined;
    if (!val || !('FuncCall' in val)) continue;
    const fn = val.FuncCall;
    const fname = fn.funcname?.at(-1);
    if (!fname || !('String' in fname) || fname.String.sval !== 'set_config') continue;
    const [first, , third] = fn.args ?? [];
    const isLocal = third && 'A_Const' in third && third.A_Const.boolval !== undefined ? third.A_Const.boolval.boolval === true : true;
    if (isLocal) continue;
    const settingName = first && 'A_Const' in first ? first.A_Const.sval?.sval : undefined;
    return settingName?.toLowerCase() ?? 'a setting';
  }
  return undefined;
}
