// The result cache on disk: one JSON file, `lint-v2.json`, read whole and written whole through
// a temporary file and a rename (concurrent runs: the last writer wins, no reader sees half a
// file). Anything unreadable — missing, corrupt, another format version — reads as empty.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeIgnoredDirectory } from '../ignored-dir.js';
import type { ForeignKeyRef, IndexKey, MigrationIndexes, TypeFixEvent } from '../later-indexes.js';
import type { Finding } from '../types.js';

// v2: an entry holds its migrations' new indexes (and the indexes and foreign keys they drop, and the events type fixes read), and findings a later
// migration may withdraw. Entries of other code miss on the engine fingerprint in their key.
const CACHE_FILE = 'lint-v2.json';
const FORMAT = 2;

/** A finding as stored: `file` is the index of the file in its unit's file list. */
export type StoredFinding = Omit<Finding, 'file'> & { file: number };

/** A migration's new indexes as stored: `file` is the index of its up file in its unit's file list. */
export type StoredIndexes = Omit<MigrationIndexes, 'file'> & { file: number };

export interface CacheEntry {
  key: string;
  findings: StoredFinding[];
  indexes: StoredIndexes[];
}

/** Entries by unit slot (CacheUnit.slot). */
export type CacheEntries = Map<string, CacheEntry>;

interface CacheFile {
  format: number;
  entries: Record<string, CacheEntry>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isEntry(value: unknown): value is CacheEntry {
  return isRecord(value) && typeof value.key === 'string' && Array.isArray(value.findings) && Array.isArray(value.indexes);
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

/** A unit's migrations' new indexes with file indexes for paths. */
export function storeIndexes(created: readonly MigrationIndexes[], files: readonly string[]): StoredIndexes[] {
  return created.flatMap(({ file, ...rest }) => (files.includes(file) ? [{ ...rest, file: files.indexOf(file) }] : []));
}

const isIndexKey = (value: unknown): value is IndexKey =>
  isRecord(value) && typeof value.table === 'string' && typeof value.index === 'string' && Array.isArray(value.columns) && value.columns.every((c) => typeof c === 'string');

const isForeignKeyRef = (value: unknown): value is ForeignKeyRef => isRecord(value) && typeof value.table === 'string' && typeof value.name === 'string';

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((c) => typeof c === 'string');
function isTypeFixEvent(value: unknown): value is TypeFixEvent {
  if (!isRecord(value) || typeof value.table !== 'string') return false;
  switch (value.event) {
    case 'joined-tree':
      return value.how === 'attach' || value.how === 'inherit';
    case 'expression':
      return isStrings(value.columns) && (value.in === 'index' || value.in === 'generated' || value.in === 'predicate');
    case 'table-renamed':
      return typeof value.to === 'string';
    case 'table-dropped':
      return true;
    case 'column-renamed':
      return typeof value.column === 'string' && typeof value.to === 'string';
    default:
      return false;
  }
}

/** The stored indexes with paths again; undefined when one does not have the shape of MigrationIndexes. */
export function restoreIndexes(stored: readonly unknown[], files: readonly string[]): MigrationIndexes[] | undefined {
  const restored: MigrationIndexes[] = [];
  for (const s of stored) {
    if (!isRecord(s) || typeof s.file !== 'number' || files[s.file] === undefined || !Number.isInteger(s.offset)) return undefined;
    if (!Array.isArray(s.indexes) || !s.indexes.every(isIndexKey)) return undefined;
    if (s.dropped !== undefined && !(Array.isArray(s.dropped) && s.dropped.every(isIndexKey))) return undefined;
    if (s.droppedForeignKeys !== undefined && !(Array.isArray(s.droppedForeignKeys) && s.droppedForeignKeys.every(isForeignKeyRef))) return undefined;
    if (s.typeFixEvents !== undefined && !(Array.isArray(s.typeFixEvents) && s.typeFixEvents.every(isTypeFixEvent))) return undefined;
    restored.push({
      file: files[s.file],
      offset: s.offset as number,
      indexes: s.indexes,
      ...(s.dropped ? { dropped: s.dropped } : {}),
      ...(s.droppedForeignKeys ? { droppedForeignKeys: s.droppedForeignKeys } : {}),
      ...(s.typeFixEvents ? { typeFixEvents: s.typeFixEvents } : {}),
    });
  }
  return restored;
}
