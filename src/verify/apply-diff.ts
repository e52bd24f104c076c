// The schema diff `apply` records with each migration in its history row: a snapshot before the
// migration, one after, and what changed between them, compactly. Recording never fails a
// migration: inside a transaction the snapshot runs under a savepoint, and any error only
// means no diff is recorded.
import type { Db } from '../apply/driver.js';
import { compareSnapshots, type SchemaDiff } from './compare.js';
import { objectKey, takeSnapshot, type PropertyValue, type Snapshot } from './snapshot.js';

/** What the history row's schema_diff holds. */
export interface CompactSchemaDiff {
  added: string[];
  removed: string[];
  changed: Array<{ object: string; changes: Record<string, [PropertyValue, PropertyValue]> }>;
}

export function compactDiff(d: SchemaDiff): CompactSchemaDiff {
  return {
    added: d.added.map(objectKey),
    removed: d.removed.map(objectKey),
    changed: d.changed.map((c) => ({ object: objectKey(c), changes: Object.fromEntries(c.changes.map((p) => [p.property, [p.before, p.after]])) })),
  };
}

/** A snapshot, or undefined when the catalogs cannot be read (an old server, a missing privilege). */
export async function snapshotForHistory(db: Db, exclude: string, inTransaction: boolean): Promise<Snapshot | undefined> {
  if (!inTransaction) return takeSnapshot(db, { exclude: [exclude] }).catch(() => undefined);
  await db.exec('SAVEPOINT migrationlint_snapshot');
  try {
    const s = await takeSnapshot(db, { exclude: [exclude] });
    await db.exec('RELEASE SAVEPOINT migrationlint_snapshot');
    return s;
  } catch {
    await db.exec('ROLLBACK TO SAVEPOINT migrationlint_snapshot');
    await db.exec('RELEASE SAVEPOINT migrationlint_snapshot');
    return undefined;
  }
}

export async function historyDiff(db: Db, before: Snapshot | undefined, exclude: string, inTransaction: boolean): Promise<CompactSchemaDiff | undefined> {
  if (!before) return undefined;
  const after = await snapshotForHistory(db, exclude, inTransaction);
  return after ? compactDiff(compareSnapshots(before, after)) : undefined;
}
