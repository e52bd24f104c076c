// The schema diff `apply` records with each migration in its history row: a snapshot before the
// migration, one after, and what changed between them, compactly. Recording never fails a
// migration: inside a transaction the snapshot runs under a savepoint, and any error only
// means no diff is recorded. Within one run the snapshot after a migration is the next one's
// before (SchemaTracker), so a migration costs one snapshot, not two.
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

export function historyDiff(before: Snapshot | undefined, after: Snapshot | undefined): CompactSchemaDiff | undefined {
  return before && after ? compactDiff(compareSnapshots(before, after)) : undefined;
}

/**
 * The schema as one apply run knows it. The run holds the migration lock and applies its
 * migrations one after another in one session, so what a migration left is what the next one
 * starts from: remembered here, read again only when unknown (the first migration, after a
 * rollback that failed, after a migration resumed half-way).
 */
export class SchemaTracker {
  private known: Snapshot | undefined;

  /** @param enabled false: no snapshots at all (apply.schemaDiff off, or no schema_diff column). */
  constructor(
    private readonly db: Db,
    private readonly exclude: string,
    private readonly enabled: boolean,
  ) {}

  /** The schema now, before a migration: remembered, or read (outside a transaction). */
  async current(): Promise<Snapshot | undefined> {
    if (this.enabled && !this.known) this.known = await snapshotForHistory(this.db, this.exclude, false);
    return this.known;
  }

  /** Reads the schema after a migration, when there is a before to compare it with. */
  async after(before: Snapshot | undefined, inTransaction: boolean): Promise<Snapshot | undefined> {
    return before ? snapshotForHistory(this.db, this.exclude, inTransaction) : undefined;
  }

  /** The migration's changes hold (committed, or run statement by statement): `after` is the schema now. */
  settled(after: Snapshot | undefined): void {
    this.known = after;
  }

  /** The schema may differ from what was remembered. */
  forget(): void {
    this.known = undefined;
  }
}
