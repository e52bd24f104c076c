// A digest of everything in a resolved config that can change a finding: all of it but where
// the config file is (`file`, `dir`). Object keys and Map entries are sorted so equal configs
// give equal digests however they were written.
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { ResolvedConfig } from '../config.js';

function canonical(value: unknown): unknown {
  if (value instanceof Map) return canonical(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}

export function configDigest(config: ResolvedConfig): string {
  const { file: _file, dir, ...rest } = config;
  // The stats file is resolved to an absolute path: relative to the config, a moved checkout still hits.
  const stats = { ...rest.stats, file: relative(dir, rest.stats.file) };
  // The table sizes are part of the key (a stats file or --database-url); their `activity` (when read,
  // write rates since the last reset) moves on every collection and no finding reads it, so sizes
  // read live on every run still hit while the sizes stay the same.
  const tableStats = rest.tableStats && { ...rest.tableStats, activity: undefined };
  return createHash('sha256').update(JSON.stringify(canonical({ ...rest, stats, tableStats }))).digest('hex');
}
