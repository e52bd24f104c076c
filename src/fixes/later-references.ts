// Where a file names a table as an inheritance/partition child or under an expression index or a
// generated column, read once per file: the type fixes ask it about the text after a statement.
// (Testing a regular expression on the rest of the file for every column was quadratic: a 4 MB
// file took 13 s.)
const NAME = String.raw`(?:[\w$]+\s*\.\s*)?("(?:[^"]|"")+"|[\w$]+)`;
const ATTACH = new RegExp(String.raw`ATTACH\s+PARTITION\s+${NAME}`, 'gi');
const INHERITS = /INHERITS\s*\(([^)]*)\)/gi;
const EXPRESSION_INDEX = new RegExp(String.raw`ON\s+(?:ONLY\s+)?${NAME}[^;]*?\(\s*\(`, 'gi');
const GENERATED = new RegExp(String.raw`ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${NAME}[^;]*GENERATED\s+ALWAYS\s+AS\s*\(`, 'gi');

export interface LaterReferences {
  /** Lower-cased table name → the last offset where it is attached as a partition or inherited from. */
  inTree: Map<string, number>;
  /** Lower-cased table name → the last offset of an expression index on it or a generated column added to it. */
  inExpression: Map<string, number>;
}

/** A table name as written (bare or quoted), lower-cased for the case-insensitive comparison. */
export function nameKey(written: string): string {
  const bare = written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written;
  return bare.toLowerCase();
}

function record(map: Map<string, number>, written: string, at: number): void {
  const key = nameKey(written.trim().replace(/^(?:[\w$]+\s*\.\s*)/, ''));
  if (key) map.set(key, Math.max(map.get(key) ?? -1, at));
}

function scan(text: string): LaterReferences {
  const inTree = new Map<string, number>();
  const inExpression = new Map<string, number>();
  for (const m of text.matchAll(ATTACH)) record(inTree, m[1] ?? '', m.index ?? 0);
  for (const m of text.matchAll(INHERITS)) for (const parent of (m[1] ?? '').split(',')) record(inTree, parent, m.index ?? 0);
  for (const m of text.matchAll(EXPRESSION_INDEX)) record(inExpression, m[1] ?? '', m.index ?? 0);
  for (const m of text.matchAll(GENERATED)) record(inExpression, m[1] ?? '', m.index ?? 0);
  return { inTree, inExpression };
}

let last: { text: string; refs: LaterReferences } | undefined;

export function laterReferences(text: string): LaterReferences {
  if (last?.text !== text) last = { text, refs: scan(text) };
  return last.refs;
}
