// The lock a statement takes, in words, for the dry-run plan: from the linter's lock facts
// (`locks` on the analysed statement), or a `lock` string a caller's hook provides.
import type { AnalysedStatement } from '../lint.js';

interface LockLike {
  mode: string;
  relation: { schemaname?: string; relname: string; kind: string };
}

function isLockLike(v: unknown): v is LockLike {
  if (v === null || typeof v !== 'object') return false;
  const l = v as { mode?: unknown; relation?: { relname?: unknown; kind?: unknown } };
  return typeof l.mode === 'string' && typeof l.relation?.relname === 'string' && typeof l.relation.kind === 'string';
}

function target(r: LockLike['relation']): string {
  const name = r.schemaname ? `${r.schemaname}.${r.relname}` : r.relname;
  switch (r.kind) {
    case 'index':
      return `index ${name}`;
    case 'table of index':
      return `the table of index ${name}`;
    case 'indexes of table':
      return `the indexes of ${name}`;
    default:
      return name;
  }
}

/** "ACCESS EXCLUSIVE on invoices; SHARE on accounts", "no table lock", or undefined when unknown. */
export function describeLocks(s: AnalysedStatement): string | undefined {
  const withFields = s as AnalysedStatement & { lock?: unknown; locks?: unknown };
  if (typeof withFields.lock === 'string') return withFields.lock;
  if (!Array.isArray(withFields.locks)) return undefined;
  const locks = withFields.locks.filter(isLockLike);
  if (locks.length === 0) return 'no table lock';
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const l of locks) {
    const text = `${l.mode} on ${target(l.relation)}`;
    if (!seen.has(text)) parts.push(text);
    seen.add(text);
  }
  return parts.join('; ');
}
