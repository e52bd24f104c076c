// `lint`/`explain --database-url`: the table sizes read live, once, into memory, then used exactly
// as the stats file's (the file is not read). Only the flag connects: DATABASE_URL alone never
// makes lint touch a database.
import { displayUrl, Redactor } from '../apply/redact.js';
import { ConfigError, type ResolvedConfig } from '../config.js';
import { printable } from '../output-safe.js';
import { collectStats } from './collect.js';
import type { StatsFile } from './file.js';

export const DATABASE_URL_HELP = 'read the table sizes live from this PostgreSQL (read-only) instead of the stats file';

/** Connection or read failure: a ConfigError (exit 2) naming the URL with its password masked. */
export async function collectLiveStats(url: string): Promise<StatsFile> {
  try {
    // pg loads only when --database-url is given: lint and explain start without it.
    const { PgDb } = await import('../apply/pg-driver.js');
    const db = await PgDb.connect({ url, applicationName: 'migrationlint table sizes' });
    try {
      return await collectStats(db, { sampleSeconds: 0 });
    } finally {
      await db.close();
    }
  } catch (error) {
    throw new ConfigError(`cannot read table sizes from ${printable(displayUrl(url))}: ${printable(new Redactor().message(error))}`);
  }
}

/** The config as loadConfig would give it had the stats file held `stats`. */
export function withLiveStats(config: ResolvedConfig, stats: StatsFile): ResolvedConfig {
  const { statsNote: _fileNote, ...rest } = config;
  return { ...rest, tableStats: stats };
}

/** The stderr note saying where the sizes came from. */
export function liveStatsNote(url: string, stats: StatsFile): string {
  const count = Object.keys(stats.tables).length;
  return `table sizes read live from ${printable(displayUrl(url))} (${count} table${count === 1 ? '' : 's'}, PostgreSQL ${stats.server.version}); the stats file is not read`;
}
