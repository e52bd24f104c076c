// A column type fix breaks a later migration of the set that puts the table in a partition or
// inheritance tree (its columns must then have the other side's types: 42804), or builds an index
// or a generated column over the column (functions taking the old type, 42883; for timestamptz
// also an index predicate: casts of it depend on TimeZone, not immutable, 42P17). Whether a later
// migration does is not known while the fix's migration is analysed (facts flow forward): each
// migration records its table events (src/later-indexes.ts) and this pass reads them after the
// whole set, after the result cache merged stored and fresh findings.
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

/** The first later migration whose events break the fix guarded by `guard`, following renames; undefined when none does. */
function laterBreak(guard: TypeFixGuard, later: readonly MigrationIndexes[]): LaterBreak | undefined {
  const at = { ...guard };
  for (const migration of later) {
    for (const event of migration.typeFixEvents ?? []) {
      if (event.event === 'table-renamed' && event.table === at.table) at.table = event.to;
      else if (event.event === 'column-renamed' && event.table === at.table && event.column === at.column) at.column = event.to;
      else if (event.event === 'table-dropped' && event.table === at.table) return undefined;
      else {
        const reason = breaking(event, at);
        if (reason) return { file: migration.file, reason };
      }
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
    const later = (byDirectory.get(setDirectory(migrations[at])) ?? []).filter((l) => l.at > at).map((l) => l.entry);
    const broken = later.length > 0 ? laterBreak(f.typeFixGuard!, later) : undefined;
    if (broken && f.fix) f.fix = { ...f.fix, breaksLater: broken };
  }
}
