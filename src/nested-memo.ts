// The statements DO blocks and routines execute, read once per statement text: the fix check lints
// a file again for each set of fixes it tries, and the fixes leave those bodies as they were, only
// moved. What nestedStatements reads depends on the statement's text alone, placed at its start.
import { nestedStatements, type NestedStatement } from './parse-do.js';
import type { Statement } from './types.js';

export function nestedStatementsOnce(): (statement: Statement) => NestedStatement[] {
  const read = new Map<string, { start: number; nested: NestedStatement[] }>();
  return (statement) => {
    const known = read.get(statement.text);
    if (!known) {
      const nested = nestedStatements(statement);
      read.set(statement.text, { start: statement.span.start, nested });
      return nested;
    }
    const by = statement.span.start - known.start;
    return by === 0 ? known.nested : known.nested.map((n) => movedBy(n, by));
  };
}

function movedBy(nested: NestedStatement, by: number): NestedStatement {
  return { ...nested, span: { start: nested.span.start + by, end: nested.span.end + by }, toFileOffset: (b) => nested.toFileOffset(b) + by };
}
