// `lint --cache`: a FindingsEngine around another one. Units whose key is stored take their
// findings from the cache; the others, and the files in no unit, go to the inner engine in one
// call with their directories (whose earlier migrations it replays for the schema model). The
// merged report is the one the inner engine alone would give.
//
// With a report filter, the units after a reported one in its directory are looked up (and
// analysed on a miss) too: their new indexes may withdraw a reported finding (src/later-indexes.ts).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { groupBy } from '../group.js';
import type { MigrationIndexes } from '../later-indexes.js';
import { compareFindings, setDirectory } from '../lint.js';
import type { FindingsEngine } from '../lint-run.js';
import { partitionByDirectory } from '../parallel/partition.js';
import type { Finding, MigrationSet } from '../types.js';
import { configDigest } from './config-digest.js';
import { DiskFacts } from './facts-store.js';
import { engineFingerprint } from './fingerprint.js';
import { entryBody, newEntry, readCache, restoreFindings, restoreIndexes, storeFindings, storeIndexes, writeCache, type CacheEntries } from './store.js';
import { cacheUnits, type CacheUnit } from './units.js';

export interface CacheStats {
  /** Migrations whose findings came from the cache. */
  hit: number;
  /** Migrations analysed (reported ones and later ones whose indexes count: the replay of earlier migrations is not counted). */
  missed: number;
  /** Earlier migrations whose schema-model catalogs were read from the cache instead of replayed. */
  catalogsRead?: number;
  /** The report was the one kept for an unchanged run (src/cache/run-snapshot.ts). */
  unchangedRun?: boolean;
}

export interface ResultCacheOptions {
  /** The directory of the cache file. */
  location: string;
  /** Stored paths are relative to this (the config's directory), so a moved checkout still hits. */
  root: string;
  /** Told when the cache cannot be written; the lint goes on without it. */
  warn: (message: string) => void;
  /** Told each run's counts. */
  stats?: (stats: CacheStats) => void;
}

/**
 * The entries to keep: the current units' (`fresh` for those analysed now, the stored ones still
 * valid for the rest) and, for other slots, those whose files still exist (another run's paths).
 * With `looked` (a run reporting some files), the units it did not look up keep their stored
 * entries unchecked: their keys are not computed, and a lookup checks the key anyway.
 */
function nextEntries(stored: CacheEntries, units: readonly CacheUnit[], looked: ReadonlySet<CacheUnit> | undefined, fresh: CacheEntries, root: string): CacheEntries {
  const next: CacheEntries = new Map();
  const current = new Set<string>();
  for (const unit of units) {
    current.add(unit.slot);
    const entry = fresh.get(unit.slot) ?? stored.get(unit.slot);
    if (entry && (looked?.has(unit) === false || entry.key === unit.key)) next.set(unit.slot, entry);
  }
  for (const [slot, entry] of stored) {
    if (!current.has(slot) && slot.split('\n').every((rel) => existsSync(resolve(root, rel)))) next.set(slot, entry);
  }
  return next;
}

/**
 * What the inner engine needs to analyse `files`: the migrations directories holding one of them,
 * whole (the schema model replays a directory's earlier migrations; other directories play no
 * part), and the problems of files in no migration.
 */
function narrowed(set: MigrationSet, files: ReadonlySet<string>): MigrationSet {
  const parts = partitionByDirectory(set)
    .map((unit) => unit.set)
    .filter((part) => [...part.files.keys()].some((file) => files.has(file)));
  return {
    migrations: parts.flatMap((part) => part.migrations),
    files: new Map(parts.flatMap((part) => [...part.files])),
    problems: parts.flatMap((part) => part.problems),
    usesDown: parts.some((part) => part.usesDown),
  };
}

/**
 * The units a run with a report filter looks up: those holding a reported file, and those with a
 * migration after the first reported migration of its directory (their indexes count).
 */
function needed(set: MigrationSet, units: readonly CacheUnit[], report: (file: string) => boolean): CacheUnit[] {
  const reported = units.map((unit) => unit.files.some(report));
  const firstReported = new Map<string, number>();
  // A migration at or before the earliest reported one is after none: its directory is not asked.
  let earliest = Infinity;
  units.forEach((unit, u) => {
    if (!reported[u]) return;
    for (const i of unit.members) {
      const dir = setDirectory(set.migrations[i]);
      firstReported.set(dir, Math.min(i, firstReported.get(dir) ?? i));
      earliest = Math.min(earliest, i);
    }
  });
  const afterReported = (i: number) => i > earliest && i > (firstReported.get(setDirectory(set.migrations[i])) ?? Infinity);
  return units.filter((unit, u) => reported[u] || unit.members.some(afterReported));
}

const sameEntries = (a: CacheEntries, b: CacheEntries) => a.size === b.size && [...a].every(([slot, entry]) => b.get(slot) === entry);

export function withResultCache(engine: FindingsEngine, options: ResultCacheOptions): FindingsEngine {
  return async (set, config, report, checkFixes) => {
    // A report that checks fixes stores findings without the fixes it withheld: another key.
    const base = createHash('sha256').update(`${engineFingerprint()}\0${configDigest(config)}${checkFixes ? '\0fixes checked' : ''}`).digest('hex');
    const units = cacheUnits(set, base, options.root);
    const stored = readCache(options.location);

    const cached: Finding[] = [];
    const storedIndexes: MigrationIndexes[] = [];
    const missed: CacheUnit[] = [];
    let hit = 0;
    const looked = report ? needed(set, units, report) : units;
    for (const unit of looked) {
      const entry = stored.get(unit.slot);
      const body = entry?.key === unit.key ? entryBody(entry) : undefined;
      const findings = body && restoreFindings(body.findings, unit.files);
      const indexes = body && findings && restoreIndexes(body.indexes, unit.files);
      if (findings && indexes) {
        cached.push(...findings);
        storedIndexes.push(...indexes);
        hit += unit.members.length;
      } else missed.push(unit);
    }

    // Files in no unit (discovery problems only) are analysed every time: they are cheap.
    const inUnits = new Set(units.flatMap((u) => u.files));
    const loose = [...set.files.keys(), ...set.problems.map((p) => p.file)].filter((f) => !inUnits.has(f) && (!report || report(f)));
    const analysed = new Set([...missed.flatMap((u) => u.files), ...loose]);
    const facts = new DiskFacts(options.location, base, options.warn);
    const fresh = analysed.size > 0 ? await engine(narrowed(set, analysed), config, (file) => analysed.has(file), checkFixes, facts) : { findings: [], indexesCreated: [] };
    if (!report && analysed.size > 0) facts.prune(set.migrations);

    const freshByFile = groupBy(fresh.findings, (f) => f.file);
    const freshEntries: CacheEntries = new Map(
      missed.map((u) => [u.slot, newEntry(u.key, storeFindings(freshByFile, u.files), storeIndexes(fresh.indexesCreated, u.files))]),
    );
    const next = nextEntries(stored, units, report ? new Set(looked) : undefined, freshEntries, options.root);
    if (!sameEntries(next, stored)) {
      const error = writeCache(options.location, next);
      if (error) options.warn(`cannot write the cache in ${options.location} (${error}); linted without it`);
    }
    options.stats?.({ hit, missed: missed.reduce((n, u) => n + u.members.length, 0), ...(facts.restored > 0 ? { catalogsRead: facts.restored } : {}) });

    const all = [...cached, ...fresh.findings];
    const findings = (report ? all.filter((f) => report(f.file)) : all).sort(compareFindings);
    return { findings, indexesCreated: [...storedIndexes, ...fresh.indexesCreated] };
  };
}
