// The facts that flow from earlier migrations into later ones — the schema model's catalogs, one
// per migrations directory — kept from one analyseSet() call to the next. When only findings of
// later files are reported (the language server, keystroke after keystroke), the migrations
// before the first reported one need not be replayed again while their up sections are unchanged.
import type { ResolvedConfig } from './config.js';
import type { Catalog } from './facts/schema/index.js';
import type { Migration, SectionSource } from './types.js';

const sameSource = (a: SectionSource, b: SectionSource) => a.file === b.file && a.offset === b.offset && a.wrap === b.wrap && a.text === b.text;

export class FactsCache {
  private config: ResolvedConfig | undefined;
  private prefix: SectionSource[] = [];
  /** The catalogs after `prefix`; never changed again once stored (forks read through them). */
  private catalogs = new Map<string, Catalog>();

  /** Forks of the catalogs after the first `count` migrations, when they are the stored ones. */
  restore(config: ResolvedConfig, migrations: readonly Migration[], count: number): Map<string, Catalog> | undefined {
    if (count === 0 || config !== this.config || count !== this.prefix.length) return undefined;
    for (let i = 0; i < count; i++) if (!sameSource(migrations[i].up, this.prefix[i])) return undefined;
    return new Map([...this.catalogs].map(([dir, catalog]) => [dir, catalog.fork()]));
  }

  /**
   * Keeps the catalogs as they stand after the first `count` migrations and returns forks of them
   * to go on with (the stored ones must not change any more).
   */
  store(config: ResolvedConfig, migrations: readonly Migration[], count: number, catalogs: ReadonlyMap<string, Catalog>): Map<string, Catalog> {
    this.config = config;
    this.prefix = migrations.slice(0, count).map((m) => m.up);
    this.catalogs = new Map(catalogs);
    return new Map([...catalogs].map(([dir, catalog]) => [dir, catalog.fork()]));
  }
}
