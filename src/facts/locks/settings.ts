// Session settings fact: was lock_timeout / statement_timeout set to a non-zero value before a
// statement? SET lasts for the session (undone by a ROLLBACK of its transaction), SET LOCAL and
// set_config(…, true) until the end of the transaction.
import type { Node } from '@pgsql/types';

export interface TimeoutFacts {
  lockTimeoutSet: boolean;
  statementTimeoutSet: boolean;
}

type Setting = 'lock_timeout' | 'statement_timeout' | 'transaction_timeout';
type Values = Partial<Record<Setting, boolean>>;

const SETTINGS: readonly Setting[] = ['lock_timeout', 'statement_timeout', 'transaction_timeout'];
const isSetting = (name: string | undefined): name is Setting => SETTINGS.includes((name ?? '').toLowerCase() as Setting);

/** '0', 0, '0ms', '0s', '0min' … : the timeout is disabled. */
export function isZeroDuration(value: string | number): boolean {
  return /^\s*0+(\.0*)?\s*(us|ms|s|min|h|d)?\s*$/i.test(String(value));
}

interface Change {
  setting: Setting;
  /** Non-zero after the change. */
  on: boolean;
  local: boolean;
}

/** A constant's value as text; undefined for an expression (its value is not known here). */
function constantText(node: Node | undefined): string | undefined {
  if (!node || !('A_Const' in node)) return undefined;
  const c = node.A_Const;
  if (c.sval) return c.sval.sval ?? '';
  if (c.ival) return String(c.ival.ival ?? 0);
  if (c.fval) return c.fval.fval ?? '0';
  return undefined;
}

const isOn = (value: string | undefined) => value === undefined || !isZeroDuration(value);

function changesOf(node: Node): Change[] {
  if ('VariableSetStmt' in node) {
    const v = node.VariableSetStmt;
    const local = v.is_local === true;
    if (v.kind === 'VAR_RESET_ALL') return SETTINGS.map((setting) => ({ setting, on: false, local }));
    if (!isSetting(v.name)) return [];
    const setting = v.name.toLowerCase() as Setting;
    if (v.kind === 'VAR_SET_VALUE') return [{ setting, on: isOn(constantText(v.args?.[0])), local }];
    if (v.kind === 'VAR_SET_DEFAULT' || v.kind === 'VAR_RESET') return [{ setting, on: false, local }];
    return [];
  }
  if ('SelectStmt' in node) return setConfigCalls(node);
  return [];
}

/** `SELECT set_config('lock_timeout', '5s', is_local)` anywhere in the statement. */
function setConfigCalls(node: Node): Change[] {
  const out: Change[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) visit(item);
      return;
    }
    const call = (value as { FuncCall?: { funcname?: Node[]; args?: Node[] } }).FuncCall;
    const name = call?.funcname?.flatMap((n) => ('String' in n ? [n.String.sval] : [])).pop();
    if (call && name === 'set_config') {
      const [settingArg, valueArg, localArg] = call.args ?? [];
      const setting = constantText(settingArg);
      const local = !!localArg && 'A_Const' in localArg && localArg.A_Const.boolval?.boolval === true;
      if (isSetting(setting)) out.push({ setting: setting.toLowerCase() as Setting, on: isOn(constantText(valueArg)), local });
    }
    // Every SELECT is searched: keys in order, allocating nothing on the way.
    for (const key in value) visit((value as Record<string, unknown>)[key]);
  };
  visit(node);
  return out;
}

function transactionKind(node: Node): 'begin' | 'commit' | 'rollback' | undefined {
  if (!('TransactionStmt' in node)) return undefined;
  const kind = node.TransactionStmt.kind;
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_PREPARE') return 'commit';
  if (kind === 'TRANS_STMT_ROLLBACK') return 'rollback';
  return undefined;
}

/**
 * Per statement: the timeouts in force before it runs. `inTransaction[i]` comes from the
 * transaction model; `nested(i)` gives the statements a DO block at `i` executes.
 */
export function sessionTimeouts(nodes: readonly Node[], inTransaction: readonly boolean[], nested: (index: number) => readonly Node[] = () => []): TimeoutFacts[] {
  let session: Values = {};
  let local: Values = {};
  let atBegin: Values = {};
  const now = (s: Setting) => local[s] ?? session[s] ?? false;
  return nodes.map((node, i) => {
    // transaction_timeout (17) ends a slow statement too (with its transaction), not a lock wait soon.
    const facts = { lockTimeoutSet: now('lock_timeout'), statementTimeoutSet: now('statement_timeout') || now('transaction_timeout') };
    const tx = transactionKind(node);
    if (tx === 'begin') {
      atBegin = { ...session };
      local = {};
    } else if (tx === 'commit' || tx === 'rollback') {
      if (tx === 'rollback') session = { ...atBegin };
      local = {};
    }
    for (const change of [node, ...nested(i)].flatMap(changesOf)) {
      if (!change.local) {
        session = { ...session, [change.setting]: change.on };
        local = { ...local, [change.setting]: undefined };
      } else if (inTransaction[i]) {
        // SET LOCAL outside a transaction block only warns and changes nothing.
        local = { ...local, [change.setting]: change.on };
      }
    }
    if (!inTransaction[i]) local = {};
    return facts;
  });
}
