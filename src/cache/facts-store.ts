// The schema model's catalogs kept on disk beside the result cache, so that a run reporting late
// migrations only (`lint --changed-since REF --cache`: a pull request) reads the catalogs before
// them instead of parsing and replaying every earlier migration. A full run keeps each
// directory's catalog every STRIDE migrations and after its last two; a run towards a reported
// migration keeps the one right before it. One file per catalog, named by its key: the engine and
// config (`base`) and the `ups` chain digest of its directory's migrations up to that point
// (src/cache/chains.ts: paths relative to the directory, digests of the up sections' texts — the
// only sections a later migration's catalog depends on).
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ResolvedConfig } from '../config.js';
import { Catalog, type CatalogRecords } from '../facts/schema/index.js';
import type { FactsCheckpoints, Restored } from '../facts-cache.js';
import { makeIgnoredDirectory } from '../ignored-dir.js';
import { setDirectory } from '../set-directory.js';
import type { Migration } from '../types.js';
import { upChain } from './chains.js';
import { digestOf } from './text-digest.js';
import { removeEarlierVersions } from './earlier-versions.js';

const FACTS_DIR = 'facts-v3';
const EARLIER_DIRS = ['facts-v1', 'facts-v2'];
const STRIDE = 32;

/** Per migration: the key of its directory's catalog after it, computed when asked (a pull request asks for a few). */
function catalogKeys(migrations: readonly Migration[], base: string): (i: number) => string {
  const chain = upChain(migrations);
  const keys: string[] = [];
  return (i) => (keys[i] ??= digestOf(`${base}\0${chain[i]}`));
}

export class DiskFacts implements FactsCheckpoints {
  /** Migrations whose catalogs the last restore() read instead of replaying them. */
  restored = 0;
  private readonly dir: string;
  private warned = false;
  /** Keys of the catalogs on disk, read once. */
  private stored: Set<string> | undefined;
  private keysFor: { migrations: readonly Migration[]; key: (i: number) => string } | undefined;
  private ends: { migrations: readonly Migration[]; counts: Set<number> } | undefined;

  constructor(
    private readonly location: string,
    private readonly base: string,
    /** Told when a catalog cannot be written; the lint goes on without it. */
    private readonly warn: (message: string) => void,
  ) {
    this.dir = join(location, FACTS_DIR);
  }

  restore(_config: ResolvedConfig, migrations: readonly Migration[], first: number): Restored | undefined {
    const key = this.keys(migrations);
    const stored = this.storedKeys();
    // Per directory, its migrations' positions: the latest before a count is its catalog then.
    const positions = new Map<string, number[]>();
    migrations.slice(0, first).forEach((m, i) => {
      const dir = setDirectory(m);
      const at = positions.get(dir);
      if (at) at.push(i);
      else positions.set(dir, [i]);
    });
    for (let count = first; count > 0; count--) {
      if (!stored.has(key(count - 1))) continue;
      const wanted = [...positions].map(([dir, at]) => [dir, latestBefore(at, count)] as const).filter(([, i]) => i !== undefined);
      if (!wanted.every(([, i]) => stored.has(key(i!)))) continue;
      const catalogs = new Map<string, Catalog>();
      for (const [dir, i] of wanted) {
        const catalog = this.read(key(i!));
        if (!catalog) return undefined;
        catalogs.set(dir, catalog);
      }
      this.restored = count;
      return { count, catalogs };
    }
    return undefined;
  }

  wants(count: number, first: number, migrations: readonly Migration[]): boolean {
    return count > 0 && (count === first || (first === 0 && (count % STRIDE === 0 || this.nearEnd(migrations).has(count))));
  }

  /**
   * The counts after each directory's last two migrations: a pull request mostly adds a migration
   * (its catalog is the one after the last) or changes the newest (the one before it).
   */
  private nearEnd(migrations: readonly Migration[]): Set<number> {
    if (this.ends?.migrations !== migrations) {
      const last = new Map<string, number[]>();
      migrations.forEach((m, i) => last.set(setDirectory(m), [...(last.get(setDirectory(m)) ?? []).slice(-1), i + 1]));
      this.ends = { migrations, counts: new Set([...last.values()].flat()) };
    }
    return this.ends.counts;
  }

  store(_config: ResolvedConfig, migrations: readonly Migration[], count: number, catalogs: ReadonlyMap<string, Catalog>): Map<string, Catalog> {
    const key = this.keys(migrations);
    const stored = this.storedKeys();
    const latest = new Map<string, number>();
    for (let i = 0; i < count; i++) latest.set(setDirectory(migrations[i]), i);
    for (const [dir, i] of latest) {
      const catalog = catalogs.get(dir);
      if (catalog && !stored.has(key(i))) this.write(key(i), catalog);
    }
    // Written as they stand: they may go on changing.
    return new Map(catalogs);
  }

  /** Removes the catalogs no migration of `migrations` (a whole configured set) has. */
  prune(migrations: readonly Migration[]): void {
    removeEarlierVersions(this.location, EARLIER_DIRS);
    if (this.storedKeys().size === 0) return;
    const key = this.keys(migrations);
    const current = new Set(migrations.map((_, i) => key(i)));
    for (const key of this.storedKeys()) {
      if (current.has(key)) continue;
      try {
        rmSync(join(this.dir, key), { force: true });
        this.stored?.delete(key);
      } catch {
        // Left for a later run: a stale catalog is never read (its key matches no migration).
      }
    }
  }

  private keys(migrations: readonly Migration[]): (i: number) => string {
    if (this.keysFor?.migrations !== migrations) this.keysFor = { migrations, key: catalogKeys(migrations, this.base) };
    return this.keysFor.key;
  }

  private storedKeys(): Set<string> {
    if (!this.stored) {
      try {
        this.stored = new Set(readdirSync(this.dir).filter((name) => /^[0-9a-f]{64}$/.test(name)));
      } catch {
        this.stored = new Set();
      }
    }
    return this.stored;
  }

  private read(key: string): Catalog | undefined {
    try {
      return Catalog.fromRecords(deserialize(readFileSync(join(this.dir, key))) as CatalogRecords);
    } catch {
      this.stored?.delete(key);
      return undefined;
    }
  }

  private write(key: string, catalog: Catalog): void {
    const file = join(this.dir, key);
    const temp = `${file}.${process.pid}.tmp`;
    try {
      makeIgnoredDirectory(this.location);
      makeIgnoredDirectory(this.dir);
      writeFileSync(temp, serialize(catalog.records()));
      renameSync(temp, file);
      this.stored?.add(key);
    } catch (error) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // The location is not a directory: there is no temporary file.
      }
      if (!this.warned) this.warn(`cannot write the schema model's catalogs in ${this.dir} (${(error as Error).message}); linted without them`);
      this.warned = true;
    }
  }
}

/** The last of the ascending positions below `count`. */
function latestBefore(positions: readonly number[], count: number): number | undefined {
  let found: number | undefined;
  for (const i of positions) {
    if (i >= count) break;
    found = i;
  }
  return found;
}
