// The facts that flow from earlier migrations into later ones — the schema model's catalogs, one
// per migrations directory — kept from one analyseSet() call to the next. When only findings of
// later files are reported (the language server, file after file, keystroke after keystroke), the
// migrations before the first reported one are replayed only from the nearest checkpoint: the
// catalogs as they stood after the first `count` migrations, while those up sections are unchanged.
import type { ResolvedConfig } from './config.js';
import type { Catalog } from './facts/schema/index.js';
import type { Migration, SectionSource } from './types.js';

const sameSource = (a: SectionSource, b: SectionSource) => a === b || (a.file === b.file && a.offset === b.offset && a.wrap === b.wrap && a.text === b.text);

/**
 * Checkpoints kept at most; the least recently used go first. Their catalogs share records
 * with each other (forks, flattened ones), so a checkpoint costs its maps, not a copy of the schema.
 */
const MAX_CHECKPOINTS = 128;
/** A replay towards a later migration also keeps a checkpoint every this many migrations. */
const STRIDE = 32;
/**
 * A checkpoint is a fork of the one it was restored from: past this many layers it is flattened
 * (which costs a walk over the whole schema) so reads stay quick.
 */
const MAX_DEPTH = 4;

export interface Restored {
  /** The catalogs are those after the first `count` migrations. */
  count: number;
  /** Forks: the caller may change them. */
  catalogs: Map<string, Catalog>;
}

interface Checkpoint {
  /** The up sections replayed into the catalogs, in order. */
  ups: readonly SectionSource[];
  /** Never changed once stored. */
  catalogs: ReadonlyMap<string, Catalog>;
}

/**
 * Catalogs kept from one analyseSet() call to the next: FactsCache in memory (the language
 * server), the result cache's on disk (src/cache/facts-store.ts, `lint --cache`).
 */
export interface FactsCheckpoints {
  /** The catalogs after the latest kept prefix of `migrations` no longer than `first`. */
  restore(config: ResolvedConfig, migrations: readonly Migration[], first: number): Restored | undefined;
  /** Whether a replay towards migration `first` (0: every migration is analysed) should keep the catalogs before migration `count`. */
  wants(count: number, first: number, migrations: readonly Migration[]): boolean;
  /** Keeps the catalogs after the first `count` migrations; returns those to go on with. */
  store(config: ResolvedConfig, migrations: readonly Migration[], count: number, catalogs: ReadonlyMap<string, Catalog>): Map<string, Catalog>;
}

export class FactsCache implements FactsCheckpoints {
  private config: ResolvedConfig | undefined;
  /**
   * In order of last use. Several checkpoints may hold for the same count: one from the files on
   * disk, one with an open buffer's text in place of an earlier file.
   */
  private readonly checkpoints = new Set<Checkpoint>();

  /** Forks of the catalogs of the latest checkpoint at or before `first` that still holds. */
  restore(config: ResolvedConfig, migrations: readonly Migration[], first: number): Restored | undefined {
    if (config !== this.config) return undefined;
    const candidates = [...this.checkpoints].filter((c) => c.ups.length <= first).sort((a, b) => b.ups.length - a.ups.length);
    const found = candidates.find((c) => holds(c, migrations));
    if (!found) return undefined;
    this.checkpoints.delete(found);
    this.checkpoints.add(found);
    return { count: found.ups.length, catalogs: forks(found.catalogs) };
  }

  /** Whether a replay towards migration `first` should keep a checkpoint before migration `count`. */
  wants(count: number, first: number): boolean {
    return count > 0 && count <= first && (count === first || count % STRIDE === 0);
  }

  /**
   * Keeps the catalogs as they stand after the first `count` migrations (they must not change
   * any more) and returns forks of them to go on with.
   */
  store(config: ResolvedConfig, migrations: readonly Migration[], count: number, catalogs: ReadonlyMap<string, Catalog>): Map<string, Catalog> {
    if (config !== this.config) {
      this.config = config;
      this.checkpoints.clear();
    }
    const ups = migrations.slice(0, count).map((m) => m.up);
    for (const c of this.checkpoints) if (c.ups.length === count && holds(c, migrations)) this.checkpoints.delete(c);
    const kept = new Map([...catalogs].map(([dir, catalog]) => [dir, catalog.depth >= MAX_DEPTH ? catalog.flatten() : catalog]));
    this.checkpoints.add({ ups, catalogs: kept });
    if (this.checkpoints.size > MAX_CHECKPOINTS) this.checkpoints.delete(this.checkpoints.values().next().value!);
    return forks(kept);
  }
}

/** Were the checkpoint's catalogs built from the up sections `migrations` starts with? */
function holds(checkpoint: Checkpoint, migrations: readonly Migration[]): boolean {
  if (checkpoint.ups.length > migrations.length) return false;
  return checkpoint.ups.every((up, i) => sameSource(migrations[i].up, up));
}

const forks = (catalogs: ReadonlyMap<string, Catalog>) => new Map([...catalogs].map(([dir, catalog]) => [dir, catalog.fork()]));
