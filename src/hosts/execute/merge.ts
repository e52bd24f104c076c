// What an executor recorded, put in place of a method's static translation. Queries recorded at
// one call (their span: the call as the stack placed it, widened to the whole call chain) take
// the place of the builder operations the static reading found in that call (and not in a call
// inside it); when they are the
// same statements, the static operations stay (their positions are finer: one per column call).
// SQL written as a literal stays as it is (exact already, and its findings point inside it); a
// query recorded at no statically known call (a helper, a loop) is added where it was sent from.
import type { Span } from '../../types.js';
import type { HostOperation, HostSection } from '../types.js';
import type { ExecutedQuery } from './types.js';

/** Statements of one call kept apart as sectionOfOperations keeps calls apart. */
const joined = (queries: readonly string[]) => queries.map((q) => q.replace(/;\s*$/, '')).join('\n;\n');

/** For comparing statements: whitespace and a final `;` do not count. */
export const normalizedSql = (sql: string) => sql.replace(/\s+/g, ' ').replace(/\s*;\s*$/, '').trim();

const within = (inner: Span, outer: Span) => inner.start >= outer.start && inner.end <= outer.end && outer.end > outer.start;
const size = (span: Span) => span.end - span.start;
const keyOf = (span: Span) => `${span.start}:${span.end}`;

interface Call {
  span: Span;
  /** Every query recorded at this call, in order. */
  sql: string[];
  ops: HostOperation[];
}

/** The recorded queries by call, each with the static operations of that call: those inside it (the innermost call holding them), else the innermost operation holding its start. */
function calls(section: HostSection, queries: readonly ExecutedQuery[]): Call[] {
  const byKey = new Map<string, Call>();
  const fallback = { start: section.span.start, end: section.span.start };
  for (const query of queries) {
    const span = query.span ?? fallback;
    const call = byKey.get(keyOf(span)) ?? byKey.set(keyOf(span), { span, sql: [], ops: [] }).get(keyOf(span))!;
    call.sql.push(query.sql);
  }
  const all = [...byKey.values()];
  const ops = section.operations.filter((op) => !op.generated);
  for (const op of ops) {
    const holders = all.filter((c) => within(op.span, c.span)).sort((a, b) => size(a.span) - size(b.span));
    holders[0]?.ops.push(op);
  }
  for (const call of all) {
    if (call.ops.length > 0) continue;
    let found: HostOperation | undefined;
    for (const op of ops) {
      if (call.span.start < op.span.start || call.span.start >= op.span.end) continue;
      if (!found || size(op.span) < size(found.span)) found = op;
    }
    if (found) call.ops.push(found);
  }
  return all;
}

export function withExecuted(section: HostSection, queries: readonly ExecutedQuery[]): HostSection {
  const replaced = new Map<HostOperation, HostOperation | null>();
  const added: HostOperation[] = [];
  for (const call of calls(section, queries)) {
    const ops = call.ops.filter((op) => !replaced.has(op));
    const literals = ops.filter((op) => op.literalMap);
    const builders = ops.filter((op) => !op.literalMap);
    // SQL written as a literal is linted as written; the queries it sent are not added again.
    if (literals.length > 0 && builders.length === 0) continue;
    const literalSql = new Set(literals.map((op) => normalizedSql(op.sql ?? '')));
    const sent = call.sql.filter((sql) => !literalSql.has(normalizedSql(sql)));
    if (sent.length === 0) continue;
    const same = builders.length === sent.length && builders.every((op, i) => op.sql !== undefined && normalizedSql(op.sql) === normalizedSql(sent[i]!));
    if (same) continue;
    if (builders.length === 0) {
      added.push({ span: call.span, sql: joined(sent) });
      continue;
    }
    const [first, ...rest] = builders as [HostOperation, ...HostOperation[]];
    const { literalMap: _none, unresolved: _resolvedNow, ...kept } = first;
    replaced.set(first, { ...kept, span: rest.length > 0 ? call.span : first.span, sql: joined(sent) });
    for (const op of rest) replaced.set(op, null);
  }
  const operations = section.operations.flatMap((op) => {
    const next = replaced.get(op);
    return next === undefined ? [op] : next === null ? [] : [next];
  });
  for (const op of added) {
    const at = operations.findIndex((o) => o.span.start > op.span.start);
    if (at < 0) operations.push(op);
    else operations.splice(at, 0, op);
  }
  return { ...section, operations };
}
