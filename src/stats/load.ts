// The stats file for lint: read once with the config (the CLI, the language server, workers all
// get it with the config), never fatal — a missing or bad file is a note, and lint goes on
// without sizes.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { StatsConfig } from '../config-schema.js';
import { parseStats, type StatsFile } from './file.js';

export interface LoadedStats {
  stats?: StatsFile;
  /** Said once by the CLI: why there are no sizes, or what to keep in mind about them. */
  note?: string;
}

/**
 * `explicit`: the config names a stats section, so a missing file is worth a note (without one, a
 * project that never ran `migrationlint stats` hears nothing).
 */
export function loadStats(config: { stats: StatsConfig; pgVersion: number; dir: string }, explicit: boolean): LoadedStats {
  const file = config.stats.file;
  const shown = relative(config.dir, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return {};
    return { note: code === 'ENOENT' ? `${shown}: no stats file: findings carry no table sizes (write it with \`migrationlint stats\`)` : `${shown}: cannot read the stats file (${code ?? String(error)}): findings carry no table sizes` };
  }
  try {
    const stats = parseStats(text, shown);
    // Sizes are facts of the data whatever the server; the throughput model was measured on 15.
    if (stats.server.major !== config.pgVersion) {
      return { stats, note: `${shown} was read from PostgreSQL ${stats.server.major}, and pgVersion is ${config.pgVersion}: its table sizes are used as they are` };
    }
    return { stats };
  } catch (error) {
    return { note: `${error instanceof Error ? error.message : String(error)}; findings carry no table sizes` };
  }
}
