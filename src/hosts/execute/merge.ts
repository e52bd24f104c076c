// What an executor recorded, put in place of a method's static translation: each builder call's
// SQL becomes the queries recorded at that call site (its span holds the stack's position); SQL
// written as a literal stays as it is (exact already, and its findings point inside the literal);
// a recorded query at no statically known call (a helper, a loop) is added where it was sent from.
import type { HostOperation, HostSection } from '../types.js';
import type { ExecutedQuery } from './types.js';

/** Statements of one call kept apart as sectionOfOperations keeps calls apart. */
const joined = (queries: readonly string[]) => queries.map((q) => q.replace(/;\s*$/, '')).join('\n;\n');

/** The innermost operation whose call holds the offset. */
function callAt(ops: readonly HostOperation[], offset: number): HostOperation | undefined {
  let found: HostOperation | undefined;
  for (const op of ops) {
    if (op.generated || offset < op.span.start || offset >= op.span.end) continue;
    if (!found || op.span.end - op.span.start < found.span.end - found.span.start) found = op;
  }
  return found;
}

export function withExecuted(section: HostSection, queries: readonly ExecutedQuery[]): HostSection {
  const recorded = new Map<HostOperation, string[]>();
  const added: { op: HostOperation; queries: string[] }[] = [];
  for (const query of queries) {
    const span = query.span ?? { start: section.span.start, end: section.span.start };
    const op = callAt(section.operations, span.start);
    if (op) {
      recorded.set(op, [...(recorded.get(op) ?? []), query.sql]);
      continue;
    }
    const last = added[added.length - 1];
    if (last && last.op.span.start === span.start) last.queries.push(query.sql);
    else added.push({ op: { span }, queries: [query.sql] });
  }
  const operations = section.operations.map((op): HostOperation => {
    const sql = recorded.get(op);
    if (!sql || op.literalMap) return op;
    const { literalMap: _static, unresolved: _unresolved, ...call } = op;
    return { ...call, sql: joined(sql) };
  });
  for (const { op, queries: sql } of added) {
    const at = operations.findIndex((o) => o.span.start > op.span.start);
    const next: HostOperation = { ...op, sql: joined(sql) };
    if (at < 0) operations.push(next);
    else operations.splice(at, 0, next);
  }
  return { ...section, operations };
}
