// The result cache on disk: one JSON file, `lint-v1.json`, read whole and written whole through
// a temporary file and a rename (concurrent runs: the last writer wins, no reader sees half a
// file). Anything unreadable — missing, corrupt, another format version — reads as empty.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeIgnoredDirectory } from '../ignored-dir.js';
import type { Finding } from '../types.js';

const CACHE_FILE = 'lint-v1.json';
const FORMAT = 1;

/** A finding as stored: `file` is the index of the file in its unit's file list. */
export type StoredFinding = Omit<Finding, 'file'> & { file: number };

export interface CacheEntry {
  key: string;
  findings: StoredFinding[];
}

/** Entries by unit slot (CacheUnit.slot). */
export type CacheEntries = Map<string, CacheEntry>;

interface CacheFile {
  format: number;
  entries: Record<string, CacheEntry>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isEntry(value: unknown): value is CacheEntry {
  return isRecord(value) && typeof value.key === 'string' && Array.isArray(value.findings);
}

export function readCache(location: string): CacheEntries {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(location, CACHE_FILE), 'utf8'));
  } catch {
    return new Map();
  }
  if (!isRecord(parsed) || parsed.format !== FORMAT || !isRecord(parsed.entries)) return new Map();
  return new Map(Object.entries(parsed.entries).filter((pair): pair is [string, CacheEntry] => isEntry(pair[1])));
}

/** Writes the entries; returns the error message when the location cannot be written. */
export function writeCache(location: string, entries: CacheEntries): string | undefined {
  const file = join(location, CACHE_FILE);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const content: CacheFile = { format: FORMAT, entries: Object.fromEntries(entries) };
  try {
    makeIgnoredDirectory(location);
    writeFileSync(temp, JSON.stringify(content));
    renameSync(temp, file);
    return undefined;
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The location is not a directory: there is no temporary file.
    }
    return (error as Error).message;
  }
}

/** A unit's findings with file indexes for paths: those of each of its `files`, in that order. */
export function storeFindings(byFile: ReadonlyMap<string, readonly Finding[]>, files: readonly string[]): StoredFinding[] {
  return files.flatMap((file, i) => (byFile.get(file) ?? []).map((finding) => ({ ...finding, file: i })));
}

const isPosition = (value: unknown) => isRecord(value) && Number.isInteger(value.line) && Number.isInteger(value.column);
const isSpan = (value: unknown) => isRecord(value) && Number.isInteger(value.start) && Number.isInteger(value.end);

function restoreFinding(s: unknown, files: readonly string[]): Finding | undefined {
  if (!isRecord(s) || typeof s.file !== 'number' || files[s.file] === undefined) return undefined;
  const valid =
    typeof s.ruleId === 'string' &&
    (s.severity === 'error' || s.severity === 'warning') &&
    typeof s.message === 'string' &&
    isSpan(s.span) &&
    isPosition(s.start) &&
    isPosition(s.end) &&
    Number.isInteger(s.statement);
  return valid ? { ...(s as unknown as StoredFinding), file: files[s.file] } : undefined;
}

/** The stored findings with paths again; undefined when one does not have the shape of a finding. */
export function restoreFindings(stored: readonly unknown[], files: readonly string[]): Finding[] | undefined {
  const findings: Finding[] = [];
  for (const s of stored) {
    const finding = restoreFinding(s, files);
    if (!finding) return undefined;
    findings.push(finding);
  }
  return findings;
}
