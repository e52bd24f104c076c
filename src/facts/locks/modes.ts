// PostgreSQL's eight table-lock modes and their conflict table ("Explicit Locking", 13.3.1).

export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** Conflicts, as in PostgreSQL's lock.c: bit i set = conflicts with LOCK_MODES[i]. */
const CONFLICTS: Record<LockMode, number> = {
  'ACCESS SHARE': 0b10000000,
  'ROW SHARE': 0b11000000,
  'ROW EXCLUSIVE': 0b11110000,
  'SHARE UPDATE EXCLUSIVE': 0b11111000,
  SHARE: 0b11101100,
  'SHARE ROW EXCLUSIVE': 0b11111100,
  EXCLUSIVE: 0b11111110,
  'ACCESS EXCLUSIVE': 0b11111111,
};

export function conflicts(a: LockMode, b: LockMode): boolean {
  return (CONFLICTS[a] & (1 << LOCK_MODES.indexOf(b))) !== 0;
}

/** SELECT takes ACCESS SHARE: a lock that conflicts with it blocks reads. */
export const blocksReads = (mode: LockMode): boolean => conflicts(mode, 'ACCESS SHARE');

/** INSERT/UPDATE/DELETE take ROW EXCLUSIVE: a lock that conflicts with it blocks writes. */
export const blocksWrites = (mode: LockMode): boolean => conflicts(mode, 'ROW EXCLUSIVE');

/** The mode later in the list (modes are listed by PostgreSQL weakest first). */
export function strongest(a: LockMode, b: LockMode): LockMode {
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}

/** `LOCK TABLE … IN mode MODE` and lockdefs.h number the modes 1 (ACCESS SHARE) to 8. */
export function lockModeFromNumber(n: number | undefined): LockMode {
  return LOCK_MODES[(n ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
}

/** pg_locks.mode ('ShareUpdateExclusiveLock') → 'SHARE UPDATE EXCLUSIVE'. */
export function lockModeFromPgLocks(mode: string): LockMode | undefined {
  const words = mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return (LOCK_MODES as readonly string[]).includes(words) ? (words as LockMode) : undefined;
}
