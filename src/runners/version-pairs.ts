// `<version>_<name>.up.sql` / `.down.sql` paired by version, as golang-migrate and sqlx read them.
import path from 'node:path';
import type { Layout, SourceText } from '../types.js';
import type { PairRole } from './read.js';

const VERSIONED_RE = /^(\d+)_(.*)\.(up|down)\.sql$/i;

export const isVersionedUpDown = (file: string) => VERSIONED_RE.test(path.basename(file));

/** The pair role of a versioned up/down file: the key is the numeric version, so `30_add_x.up.sql` pairs with `30_drop_x.down.sql`. */
export function versionRole(file: SourceText, layout: Layout = 'up-down-files'): PairRole | undefined {
  const m = VERSIONED_RE.exec(path.basename(file.path));
  if (!m?.[1] || !m[3]) return undefined;
  const version = BigInt(m[1]).toString();
  const label = `${m[1]}_${m[2] ?? ''}`;
  return { key: `${path.dirname(file.path)}:${version}`, dir: m[3].toLowerCase() === 'up' ? 'up' : 'down', layout, label, display: `version ${version}` };
}
