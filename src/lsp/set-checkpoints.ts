// The catalogs before each migration of a set as read from disk, kept by the whole-set analysis
// (set-analysis.ts): a keystroke in any file then replays no earlier migration. Prefixes that hold
// an edited text (an open buffer in an earlier file) go to the FactsCache kept across disk reads.
import type { ResolvedConfig } from '../config.js';
import type { FactsCache, FactsCheckpoints, Restored } from '../facts-cache.js';
import type { Catalog } from '../facts/schema/index.js';
import type { Migration } from '../types.js';
import { sameSource } from './same-source.js';

/** Past this many layers a kept catalog is flattened, so reads do not walk a long chain of forks. */
const MAX_DEPTH = 4;
/**
 * Checkpoints a whole-set analysis keeps at most: in a longer set, one every few migrations (a
 * keystroke then replays the few before its file). A flattened one holds the whole schema's maps.
 */
const MAX_KEPT = 512;

const forks = (catalogs: ReadonlyMap<string, Catalog>) => new Map([...catalogs].map(([dir, catalog]) => [dir, catalog.fork()]));

export class SetCheckpoints implements FactsCheckpoints {
  /** By count: the catalogs after the first `count` migrations of `base`. Never changed once kept. */
  private readonly before = new Map<number, ReadonlyMap<string, Catalog>>();
  /** A whole-set analysis keeps the catalogs before every this many migrations. */
  private readonly stride: number;

  constructor(
    /** The set's migrations as read from disk. */
    private readonly base: readonly Migration[],
    private readonly config: ResolvedConfig,
    /** For prefixes with an edited up section. */
    private readonly edited: FactsCache,
  ) {
    this.stride = Math.max(1, Math.ceil(base.length / MAX_KEPT));
  }

  restore(config: ResolvedConfig, migrations: readonly Migration[], first: number): Restored | undefined {
    const same = config === this.config ? this.samePrefix(migrations, first) : 0;
    const exact = same === first ? this.before.get(first) : undefined;
    if (exact) return { count: first, catalogs: forks(exact) };
    const fromEdited = this.edited.restore(config, migrations, first);
    for (let count = same; count > (fromEdited?.count ?? 0); count--) {
      const kept = this.before.get(count);
      if (kept) return { count, catalogs: forks(kept) };
    }
    return fromEdited;
  }

  /** Every migration of a set analysed whole (`first` 0; every few in a long one); else the one before the first reported migration. */
  wants(count: number, first: number, migrations: readonly Migration[]): boolean {
    if (first === 0) return count % this.stride === 0;
    return this.edited.wants(count, first) || (count === first && !this.before.has(count) && this.samePrefix(migrations, count) === count);
  }

  store(config: ResolvedConfig, migrations: readonly Migration[], count: number, catalogs: ReadonlyMap<string, Catalog>): Map<string, Catalog> {
    if (config !== this.config || this.samePrefix(migrations, count) < count) return this.edited.store(config, migrations, count, catalogs);
    const kept = new Map([...catalogs].map(([dir, catalog]) => [dir, catalog.depth >= MAX_DEPTH ? catalog.flatten() : catalog]));
    this.before.set(count, kept);
    return forks(kept);
  }

  /** How many of the first `limit` migrations have the up sections read from disk. */
  private samePrefix(migrations: readonly Migration[], limit: number): number {
    const end = Math.min(limit, migrations.length, this.base.length);
    if (migrations === this.base) return end;
    for (let i = 0; i < end; i++) if (!sameSource(migrations[i].up, this.base[i].up)) return i;
    return end;
  }
}
