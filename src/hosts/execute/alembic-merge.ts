// A revision's upgrade()/downgrade() as Alembic ran it (orm.execute) in place of the static reading:
// the statements in the order Alembic emitted them, each at its call. Statements recorded at an
// op.execute("…") of literal SQL keep the static operation (findings inside the literal, fixes); a
// builder call's statements become that call's SQL. Alembic's COMMIT / BEGIN around an
// autocommit_block() make the same transaction model as the static reading (../python/alembic.ts):
// BEGIN … COMMIT runs around the block, empty ones left out, the section then unwrapped.
import type { Span } from '../../types.js';
import { transactionControl } from '../python/alembic.js';
import type { HostOperation, HostSection } from '../types.js';
import type { ExecutedQuery } from './types.js';

const size = (s: Span) => s.end - s.start;

/** The static operation of the call a statement was recorded at: the call itself, or a literal inside it. */
function staticOperation(operations: readonly HostOperation[], at: Span): HostOperation | undefined {
  let found: HostOperation | undefined;
  for (const op of operations) {
    if (op.generated) continue;
    const inside = op.span.start >= at.start && op.span.end <= at.end;
    const holds = op.span.start <= at.start && at.start < op.span.end;
    if ((inside || holds) && (!found || size(op.span) < size(found.span))) found = op;
  }
  return found;
}

/** Consecutive statements of one call are one operation, as the static reading has them. */
function calls(section: HostSection, queries: readonly ExecutedQuery[]): HostOperation[] {
  const out: HostOperation[] = [];
  let last: { from?: HostOperation; op: HostOperation } | undefined;
  for (const query of queries) {
    if (query.generated) {
      const at = query.sql === 'COMMIT' ? query.span?.start : query.span?.end;
      const offset = at ?? last?.op.span.end ?? section.span.start;
      out.push(transactionControl(query.sql === 'COMMIT' ? 'COMMIT' : 'BEGIN', { start: offset, end: offset }));
      last = undefined;
      continue;
    }
    const from = query.span ? staticOperation(section.operations, query.span) : undefined;
    if (from && last?.from === from) {
      if (!from.literalMap) last.op.sql = `${last.op.sql ?? ''};\n${query.sql}`;
      continue;
    }
    const op: HostOperation = from?.literalMap ? from : { sql: query.sql, span: from?.span ?? query.span ?? section.span, ...(from?.call ? { call: from.call } : {}) };
    out.push(op);
    last = { op, ...(from ? { from } : {}) };
  }
  return out;
}

/** Alembic's own transaction around the section, then runs left empty by an autocommit_block removed. */
function withTransactions(ops: HostOperation[], section: HostSection): HostOperation[] {
  const first = ops[0]?.span.start ?? section.span.start;
  const all = [transactionControl('BEGIN', { start: first, end: first }), ...ops, transactionControl('COMMIT', { start: section.span.end, end: section.span.end })];
  return all.filter((op, i) => {
    const emptyBegin = op.generated && op.sql === 'BEGIN' && all[i + 1]?.generated && all[i + 1]?.sql === 'COMMIT';
    const emptyCommit = op.generated && op.sql === 'COMMIT' && all[i - 1]?.generated && all[i - 1]?.sql === 'BEGIN';
    return !emptyBegin && !emptyCommit;
  });
}

export function executedSection(section: HostSection, queries: readonly ExecutedQuery[]): HostSection {
  const operations = calls(section, queries);
  if (!operations.some((op) => op.generated)) return { operations, span: section.span };
  return { operations: withTransactions(operations, section), span: section.span, wrap: 'none' };
}
