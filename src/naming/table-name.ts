// Table names every query can write unquoted: lowercase snake_case and not a reserved word.
import { scanSync } from '../pg-parser.js';

export const isSnakeCase = (name: string): boolean => /^[a-z][a-z0-9_]*$/.test(name);

/** A lowercase snake_case spelling of `name` to suggest. */
export function snakeCase(name: string): string {
  const s = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(s) ? s : `t_${s}`;
}

/** Reserved (and type/function-name) keywords cannot be table names without quotes: ask the scanner. */
export function isReservedWord(name: string): boolean {
  try {
    const tokens = scanSync(name).tokens;
    return tokens.length === 1 && (tokens[0]?.keywordName === 'RESERVED_KEYWORD' || tokens[0]?.keywordName === 'TYPE_FUNC_NAME_KEYWORD');
  } catch {
    return false;
  }
}
