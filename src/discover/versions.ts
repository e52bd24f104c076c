// Versions and names from file and directory names, and version ordering.

export interface VersionName {
  version: string;
  name: string;
  /** False when the name carries no version: then version = name = the stem. */
  versioned: boolean;
}

/** The file name without `.up.sql`, `.down.sql` or `.sql`; other files lose their last extension. */
export function stemOf(fileName: string): string {
  const m = /^(.+?)(?:\.(?:up|down))?\.sql$/i.exec(fileName);
  if (m?.[1]) return m[1];
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/** Version and name from a stem (`V1__create_users`, `001_init`, `0001-name` …); runners with their own naming parse it in their module. */
export function versionFromName(stem: string): VersionName {
  // flyway: V1_1__name is version 1.1 (flyway reads `_` inside the version as a dot).
  const flyway = /^[Vv](\d+(?:[._]\d+)*)__(.*)$/s.exec(stem);
  if (flyway?.[1] !== undefined) return { version: flyway[1].replace(/_/g, '.'), name: flyway[2] ?? '', versioned: true };
  const general = /^[Vv]?(\d+(?:\.\d+)*)(?:(?:__|_|-)(.*))?$/s.exec(stem);
  if (general?.[1] !== undefined) return { version: general[1], name: general[2] ?? '', versioned: true };
  return { version: stem, name: stem, versioned: false };
}

// Digit runs this long are timestamps (YYYYMMDDHHMM…): they align at the left, so that
// diesel's 14-digit and 18-digit versions still order by date.
const TIMESTAMP_DIGITS = 12;

const compareDigits = (a: string, b: string): number => {
  if (a.length >= TIMESTAMP_DIGITS && b.length >= TIMESTAMP_DIGITS) return a < b ? -1 : a > b ? 1 : 0;
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Natural order: runs of digits compare as numbers of any size (so V2 < V10), timestamps
 * compare from the left whatever their precision, other runs compare by code unit; a digit run sorts before
 * a non-digit run. Numerically equal versions (`001`, `1`) compare equal.
 */
export function compareVersions(a: string, b: string): number {
  const xs = a.match(/\d+|\D+/g) ?? [];
  const ys = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = xs[i] ?? '';
    const y = ys[i] ?? '';
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    let c: number;
    if (xd && yd) c = compareDigits(x, y);
    else if (xd !== yd) c = xd ? -1 : 1;
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return xs.length === ys.length ? 0 : xs.length < ys.length ? -1 : 1;
}
