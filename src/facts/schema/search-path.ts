// search_path as the migration sets it (SET [LOCAL] search_path, set_config('search_path', …)):
// where unqualified names are created and which schemas an unqualified reference searches.
import type { Node } from '@pgsql/types';
import { DEFAULT_SCHEMA } from './namespace.js';

/** The server default ("$user", public), with the role's own schema left out: nothing says who runs the migration. */
export const DEFAULT_SEARCH_PATH: readonly string[] = [DEFAULT_SCHEMA];

function constantString(node: Node | undefined): string | undefined {
  return node && 'A_Const' in node ? node.A_Const.sval?.sval : undefined;
}

/** 'app, "My Schema", public' → ['app', 'My Schema', 'public']; '$user' is dropped. */
function parsePathText(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .map((part) => (part.startsWith('"') && part.endsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase()))
    .filter((schema) => schema !== '' && schema !== '$user');
}

/** set_config('search_path', '…', …) anywhere in a SELECT. */
function setConfigPath(value: unknown): string[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    let found: string[] | undefined;
    for (const item of value) found = setConfigPath(item) ?? found;
    return found;
  }
  const call = (value as { FuncCall?: { funcname?: Node[]; args?: Node[] } }).FuncCall;
  const name = call?.funcname?.flatMap((n) => ('String' in n ? [n.String.sval] : [])).pop();
  if (call && name === 'set_config' && constantString(call.args?.[0])?.toLowerCase() === 'search_path') {
    const text = constantString(call.args?.[1]);
    return text === undefined ? undefined : parsePathText(text);
  }
  let found: string[] | undefined;
  // Every SELECT is searched: keys in order, allocating nothing on the way.
  for (const key in value) found = setConfigPath((value as Record<string, unknown>)[key]) ?? found;
  return found;
}

/** The search_path after the statement, or undefined when it does not change it (or sets what cannot be known). */
export function searchPathAfter(node: Node): readonly string[] | undefined {
  if ('VariableSetStmt' in node) {
    const v = node.VariableSetStmt;
    if (v.kind === 'VAR_RESET_ALL') return DEFAULT_SEARCH_PATH;
    if (v.name?.toLowerCase() !== 'search_path') return undefined;
    if (v.kind === 'VAR_SET_DEFAULT' || v.kind === 'VAR_RESET') return DEFAULT_SEARCH_PATH;
    if (v.kind !== 'VAR_SET_VALUE') return undefined;
    const parts = (v.args ?? []).map(constantString);
    if (parts.some((p) => p === undefined)) return undefined;
    return parsePathText(parts.map((p) => `"${(p as string).replace(/"/g, '""')}"`).join(','));
  }
  if ('SelectStmt' in node) return setConfigPath(node);
  return undefined;
}
