// The statements DO blocks and routines execute, read once per statement text: the fix check lints
// a file again for each set of fixes it tries, and the fixes leave those bodies as they were, only
// moved; the language server types into a file whose other statements stay as they were. What
// nestedStatements reads depends on the statement's text alone, placed at its start.
import { nestedStatements, type NestedStatement } from './parse-do.js';
import type { Statement } from './types.js';

/**
 * `keep`: remember about this many statement texts at most, the most recently read (the language
 * server keeps one memo from keystroke to keystroke, where every edit of a body is a new text).
 */
export function nestedStatementsOnce(keep = Infinity): (statement: Statement) => NestedStatement[] {
  type Known = { start: number; nested: NestedStatement[] };
  let read = new Map<string, Known>();
  let older = new Map<string, Known>();
  const remember = (text: string, known: Known) => {
    if (read.size >= keep) [older, read] = [read, new Map()];
    read.set(text, known);
  };
  return (statement) => {
    let known = read.get(statement.text);
    if (!known) {
      known = older.get(statement.text);
      if (known) remember(statement.text, known);
    }
    if (!known) {
      const nested = nestedStatements(statement);
      remember(statement.text, { start: statement.span.start, nested });
      return nested;
    }
    const by = statement.span.start - known.start;
    return by === 0 ? known.nested : known.nested.map((n) => movedBy(n, by));
  };
}

function movedBy(nested: NestedStatement, by: number): NestedStatement {
  return { ...nested, span: { start: nested.span.start + by, end: nested.span.end + by }, toFileOffset: (b) => nested.toFileOffset(b) + by };
}
