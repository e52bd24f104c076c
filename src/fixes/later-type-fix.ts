// A column type fix breaks a later migration of the set that puts the table in a partition or
// inheritance tree (its columns must then have the other side's types: 42804), or builds an index
// or a generated column over the column (functions taking the old type, 42883; for timestamptz
// also an index predicate: casts of it depend on TimeZone, not immutable, 42P17). Whether a later
// migration does is not known while the fix's migration is analysed (facts flow forward): each
// migration records its table events (src/later-indexes.ts) and this pass reads them after the
// whole set, after the result cache merged stored and fresh findings. The renames after the fix's
// statement in its own migration are followed too: a later migration names the column by them.
import { setDirectory } from '../set-directory.js';
import { setPositions, type MigrationIndexes, type TypeFixEvent } from '../later-indexes.js';
import type { Finding, LaterBreak, Migration, TypeFixGuard } from '../types.js';

/** What `event` does to the guarded column that the fixed type would break, if anything. */
function breaking(event: TypeFixEvent, at: TypeFixGuard): string | undefined {
  if (event.table !== at.table) return undefined;
  if (event.event === 'joined-tree') {
    return event.how === 'attach'
      ? `it attaches ${at.table} to a partitioned table or a partition to it, and a partition must have its parent's column types`
      : `it puts ${at.table} in an inheritance tree, and a child must have its parent's column types`;
  }
  if (event.event !== 'expression' || !event.columns.includes(at.column)) return undefined;
  if (event.in === 'predicate' && !at.immutable) return undefined;
  const what = event.in === 'generated' ? 'a generated column' : event.in === 'index' ? 'an index expression' : 'an index predicate';
  return at.immutable
    ? `${what} reads ${at.table}.${at.column}, and with timestamptz its casts depend on TimeZone: not immutable`
    : `${what} reads ${at.table}.${at.column} as its current type`;
}

/** The guarded column after `event`: renamed with its table or itself; undefined once its table is dropped. */
function followed(at: TypeFixGuard, event: TypeFixEvent): TypeFixGuard | undefined {
  if (event.event === 'table-renamed' && event.table === at.table) return { ...at, table: event.to };
  if (event.event === 'column-renamed' && event.table === at.table && event.column === at.column) return { ...at, column: event.to };
  if (event.event === 'table-dropped' && event.table === at.table) return undefined;
  return at;
}

/**
 * The first later migration whose events break the fix guarded by `guard`, following renames;
 * undefined when none does. The renames and drops after the fix's statement in its own migration
 * (`own`) are followed first; what that migration does to the column is the file's own check
 * (src/fixes/type-fix.ts).
 */
function laterBreak(guard: TypeFixGuard, own: MigrationIndexes | undefined, later: readonly MigrationIndexes[]): LaterBreak | undefined {
  let at: TypeFixGuard | undefined = guard;
  const ownAfter = own && guard.eventsBefore !== undefined ? (own.typeFixEvents ?? []).slice(guard.eventsBefore) : [];
  for (const event of ownAfter) if (at) at = followed(at, event);
  for (const migration of later) {
    for (const event of migration.typeFixEvents ?? []) {
      if (!at) return undefined;
      const next = followed(at, event);
      const reason = next === at ? breaking(event, at) : undefined;
      if (reason) return { file: migration.file, reason };
      at = next;
    }
  }
  return undefined;
}

/**
 * Marks the type fix of each finding that a later migration of its directory would break
 * (`fix.breaksLater`, in place): the fix checks withhold it with that reason. `recorded` must
 * hold every migration after the findings' ones.
 */
export function markTypeFixesBrokenLater(migrations: readonly Migration[], findings: readonly Finding[], recorded: readonly MigrationIndexes[]): void {
  const guarded = findings.filter((f) => f.typeFixGuard && f.fix && !f.fix.breaksLater);
  if (guarded.length === 0) return;
  const { recordedAt, migrationOf } = setPositions(migrations);
  const byDirectory = new Map<string, { at: number; entry: MigrationIndexes }[]>();
  for (const entry of recorded) {
    if (!entry.typeFixEvents) continue;
    const at = recordedAt(entry);
    if (at === undefined) continue;
    const dir = setDirectory(migrations[at]);
    byDirectory.set(dir, [...(byDirectory.get(dir) ?? []), { at, entry }]);
  }
  if (byDirectory.size === 0) return;
  for (const list of byDirectory.values()) list.sort((a, b) => a.at - b.at);
  for (const f of guarded) {
    const at = migrationOf(f);
    if (at === undefined) continue;
    const recordedInSet = byDirectory.get(setDirectory(migrations[at])) ?? [];
    const own = recordedInSet.find((l) => l.at === at)?.entry;
    const later = recordedInSet.filter((l) => l.at > at).map((l) => l.entry);
    const broken = own || later.length > 0 ? laterBreak(f.typeFixGuard!, own, later) : undefined;
    if (broken && f.fix) f.fix = { ...f.fix, breaksLater: broken };
  }
}
