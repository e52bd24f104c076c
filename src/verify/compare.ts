// The difference between two schema snapshots: objects added, removed, and changed (property by
// property). Objects of a relation that is itself added or removed are folded into it.
import { differsOnlyInFoldedTime } from './folded-time.js';
import { objectKey, type ObjectKind, type PropertyValue, type SchemaObject, type Snapshot } from './snapshot.js';

export interface PropertyChange {
  property: string;
  before: PropertyValue;
  after: PropertyValue;
}

export interface ObjectChange {
  kind: ObjectKind;
  name: string;
  changes: PropertyChange[];
}

export interface SchemaDiff {
  added: SchemaObject[];
  removed: SchemaObject[];
  changed: ObjectChange[];
  /** Views whose definitions differ only in timestamps PostgreSQL folded at creation (with `moduloFoldedTime`). */
  foldedTime?: string[];
}

const isView = (kind: ObjectKind) => kind === 'view' || kind === 'materialized view';

export function compareSnapshots(before: Snapshot, after: Snapshot, options: { moduloFoldedTime?: boolean } = {}): SchemaDiff {
  const a = new Map(before.objects.map((o) => [objectKey(o), o]));
  const b = new Map(after.objects.map((o) => [objectKey(o), o]));
  const added = [...b].filter(([k]) => !a.has(k)).map(([, o]) => o);
  const removed = [...a].filter(([k]) => !b.has(k)).map(([, o]) => o);
  const changed: ObjectChange[] = [];
  const folded: string[] = [];
  for (const [key, old] of a) {
    const next = b.get(key);
    if (!next) continue;
    const names = [...new Set([...Object.keys(old.props), ...Object.keys(next.props)])];
    const changes = names
      .filter((p) => (old.props[p] ?? null) !== (next.props[p] ?? null))
      .map((p) => ({ property: p, before: old.props[p] ?? null, after: next.props[p] ?? null }));
    const real = changes.filter((c) => {
      const foldedOnly = options.moduloFoldedTime === true && isView(old.kind) && c.property === 'definition' && typeof c.before === 'string' && typeof c.after === 'string' && differsOnlyInFoldedTime(c.before, c.after);
      if (foldedOnly) folded.push(`${old.kind} ${old.name}`);
      return !foldedOnly;
    });
    if (real.length > 0) changed.push({ kind: old.kind, name: old.name, changes: real });
  }
  const addedKeys = new Set(added.map(objectKey));
  const removedKeys = new Set(removed.map(objectKey));
  return {
    added: added.filter((o) => !o.parent || !addedKeys.has(o.parent)),
    removed: removed.filter((o) => !o.parent || !removedKeys.has(o.parent)),
    changed,
    ...(folded.length > 0 ? { foldedTime: folded } : {}),
  };
}

export function isEmptyDiff(d: SchemaDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}

export function diffSize(d: SchemaDiff): number {
  return d.added.length + d.removed.length + d.changed.length;
}

const WIDTH = 100;

const show = (v: PropertyValue): string => (v === null ? '(none)' : typeof v === 'boolean' ? String(v) : JSON.stringify(v.length > WIDTH ? `${v.slice(0, WIDTH - 1)}…` : v));

/** "type "text" → "integer""; long texts (definitions) are shown around where they start to differ. */
function showChange(p: PropertyChange, sep: string): string {
  const { before: a, after: b } = p;
  if (typeof a !== 'string' || typeof b !== 'string' || (a.length <= WIDTH && b.length <= WIDTH)) return `${p.property}${sep}${show(a)} → ${show(b)}`;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 30);
  const cut = (t: string) => `${from > 0 ? '…' : ''}${t.slice(from, from + WIDTH)}${t.length > from + WIDTH ? '…' : ''}`;
  return `${p.property}${sep}${JSON.stringify(cut(a))} → ${JSON.stringify(cut(b))}`;
}

/** One line per difference: "+ table public.orders", "- index public.ix", "~ column public.t.c: type "text" → "integer"". */
export function describeDiff(d: SchemaDiff): string[] {
  const lines: string[] = [];
  for (const o of d.added) lines.push(`+ ${o.kind} ${o.name}`);
  for (const o of d.removed) lines.push(`- ${o.kind} ${o.name}`);
  for (const c of d.changed) {
    lines.push(`~ ${c.kind} ${c.name}: ${c.changes.map((p) => showChange(p, ' ')).join('; ')}`);
  }
  return lines;
}

/**
 * The difference as seen from an expected schema: what is there that should not be, what is
 * missing, what differs. `expected` → `actual`.
 */
export function describeMismatch(d: SchemaDiff, limit = 8): string {
  const parts: string[] = [];
  for (const o of d.added) parts.push(`${o.kind} ${o.name} is left over`);
  for (const o of d.removed) parts.push(`${o.kind} ${o.name} is missing`);
  for (const c of d.changed) parts.push(`${c.kind} ${c.name} differs (${c.changes.map((p) => showChange(p, ': ')).join(', ')})`);
  const shown = parts.slice(0, limit);
  if (parts.length > limit) shown.push(`and ${parts.length - limit} more`);
  return shown.join('; ');
}
