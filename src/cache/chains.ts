// Chained digests over a migrations directory: per migration, a digest of the directory's
// migrations up to and including it, each link the previous digest and what the migration
// contributes. Two chains: `files` (the migration and the digests of its up and down files: the
// result cache's unit keys) and `ups` (the migration and its up section's text: what a later
// migration's schema-model catalog depends on, src/cache/facts-store.ts).
//
// A set restored from its snapshot (src/cache/set-snapshot.ts) knows the digests of the
// migrations it did not read again: a pull-request run then hashes only from its first changed
// migration on, not every migration of the set.
import { setDirectory } from '../set-directory.js';
import type { Migration, MigrationSet } from '../types.js';
import { digestOf, textDigest } from './text-digest.js';
import { migrationJson, relativePaths } from './migration-json.js';

export type Chain = 'files' | 'ups';

export type ChainDigests = Record<Chain, string>;

const known = new WeakMap<Migration, ChainDigests>();

/**
 * Records a migration's chain digests. Only for a migration whose directory's earlier migrations
 * are all known too, each as it was when the digests were computed.
 */
export function knowChains(m: Migration, digests: ChainDigests): void {
  known.set(m, digests);
}

/**
 * Per migration of `migrations` (whole directories, in set order), its `chain` digest: the
 * previous one and `link(m, relativeFile)`, what the migration adds (paths relative to its directory).
 */
function chained(chain: Chain, migrations: readonly Migration[], link: (m: Migration, relativeFile: (file: string) => string) => string): string[] {
  const last = new Map<string, { digest: string; intact: boolean }>();
  const relative = new Map<string, (file: string) => string>();
  return migrations.map((m) => {
    const dir = setDirectory(m);
    const previous = last.get(dir);
    const remembered = known.get(m);
    // A known digest stands only on a known chain: a migration changed before it changes it.
    if (remembered && (previous?.intact ?? true)) {
      last.set(dir, { digest: remembered[chain], intact: true });
      return remembered[chain];
    }
    let relativeFile = relative.get(dir);
    if (!relativeFile) relative.set(dir, (relativeFile = relativePaths(dir)));
    const digest = digestOf(`${previous?.digest ?? ''}\0${link(m, relativeFile)}`);
    last.set(dir, { digest, intact: false });
    return digest;
  });
}

/** The `files` chain: each migration with the digests of its up and down files (`fileDigest`). */
export const fileChain = (migrations: readonly Migration[], fileDigest: (file: string) => string): string[] =>
  chained('files', migrations, (m, relativeFile) => `${migrationJson(m, relativeFile)}\0${fileDigest(m.up.file)}\0${m.down ? fileDigest(m.down.file) : ''}`);

/** The `ups` chain: each migration with the digest of its up section's text. */
export const upChain = (migrations: readonly Migration[]): string[] => chained('ups', migrations, (m, relativeFile) => `${migrationJson(m, relativeFile)}\0${textDigest(m.up)}`);

/** A file's text digest in `set` (of the empty text when the set does not hold it). */
export function setFileDigest(set: MigrationSet): (file: string) => string {
  const digests = new Map<string, string>();
  return (file) => {
    let d = digests.get(file);
    if (d === undefined) {
      const source = set.files.get(file);
      digests.set(file, (d = source ? textDigest(source) : digestOf('')));
    }
    return d;
  };
}

/** Both chains of every migration of a set: what its snapshot keeps. */
export function setChains(set: MigrationSet): ChainDigests[] {
  const files = fileChain(set.migrations, setFileDigest(set));
  const ups = upChain(set.migrations);
  return files.map((digest, i) => ({ files: digest, ups: ups[i] }));
}
