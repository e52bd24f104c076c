// The result cache on disk: one file, `lint-v3.cache`, read whole and written whole through a
// temporary file and a rename (concurrent runs: the last writer wins, no reader sees half a
// file). Anything unreadable — missing, corrupt, another format version — reads as empty.
//
// Its first line is a JSON header, {format, entries: [[slot, key, length], …]}; each entry's
// body, the JSON of [findings, indexes], follows in that order, `length` bytes each. A run
// reporting a few migrations (a pull request) parses the header and the bodies it looks up only,
// and writes the bodies it did not change back as the bytes it read.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeIgnoredDirectory } from '../ignored-dir.js';
import { removeEarlierVersions } from './earlier-versions.js';
import type { ForeignKeyRef, IndexKey, MigrationIndexes, TypeFixEvent } from '../later-indexes.js';
import type { Finding } from '../types.js';

// v3: the header and bodies above. v2 (one JSON object) and older miss on the file name.
// Entries of other code miss on the engine fingerprint in their key.
const CACHE_FILE = 'lint-v3.cache';
const FORMAT = 3;
const EARLIER_FILES = ['lint-v1.json', 'lint-v2.json'];

/** A finding as stored: `file` is the index of the file in its unit's file list. */
export type StoredFinding = Omit<Finding, 'file'> & { file: number };

/** A migration's new indexes as stored: `file` is the index of its up file in its unit's file list. */
export type StoredIndexes = Omit<MigrationIndexes, 'file'> & { file: number };

/** An entry's body as parsed: checked by restoreFindings and restoreIndexes. */
export interface EntryBody {
  findings: readonly unknown[];
  indexes: readonly unknown[];
}

export interface CacheEntry {
  key: string;
  /** The body as stored (UTF-8 JSON of [findings, indexes]). */
  bytes: Buffer;
}

/** Entries by unit slot (CacheUnit.slot). */
export type CacheEntries = Map<string, CacheEntry>;

type HeaderEntry = [slot: string, key: string, length: number];

const isHeaderEntry = (value: unknown): value is HeaderEntry =>
  Array.isArray(value) && value.length === 3 && typeof value[0] === 'string' && typeof value[1] === 'string' && Number.isInteger(value[2]) && (value[2] as number) >= 0;

export function readCache(location: string): CacheEntries {
  try {
    const content = readFileSync(join(location, CACHE_FILE));
    const end = content.indexOf(0x0a);
    const header = JSON.parse(content.toString('utf8', 0, end < 0 ? content.length : end)) as { format?: unknown; entries?: unknown };
    if (end < 0 || header.format !== FORMAT || !Array.isArray(header.entries) || !header.entries.every(isHeaderEntry)) return new Map();
    const entries: CacheEntries = new Map();
    let offset = end + 1;
    for (const [slot, key, length] of header.entries as HeaderEntry[]) {
      if (offset + length > content.length) return new Map();
      entries.set(slot, { key, bytes: content.subarray(offset, offset + length) });
      offset += length;
    }
    return entries;
  } catch {
    return new Map();
  }
}

/** An entry's body; undefined when it is not the JSON of [findings, indexes]. */
export function entryBody(entry: CacheEntry): EntryBody | undefined {
  try {
    const body = JSON.parse(entry.bytes.toString('utf8')) as unknown;
    return Array.isArray(body) && body.length === 2 && Array.isArray(body[0]) && Array.isArray(body[1]) ? { findings: body[0], indexes: body[1] } : undefined;
  } catch {
    return undefined;
  }
}

/** The entry of a unit analysed now. */
export function newEntry(key: string, findings: readonly StoredFinding[], indexes: readonly StoredIndexes[]): CacheEntry {
  return { key, bytes: Buffer.from(JSON.stringify([findings, indexes])) };
}

/** Writes the entries; returns the error message when the location cannot be written. */
export function writeCache(location: string, entries: CacheEntries): string | undefined {
  const file = join(location, CACHE_FILE);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const header: HeaderEntry[] = [...entries].map(([slot, { key, bytes }]) => [slot, key, bytes.length]);
  const content = Buffer.concat([Buffer.from(`${JSON.stringify({ format: FORMAT, entries: header })}\n`), ...[...entries.values()].map((e) => e.bytes)]);
  try {
    makeIgnoredDirectory(location);
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The location is not a directory: there is no temporary file.
    }
    return (error as Error).message;
  }
  removeEarlierVersions(location, EARLIER_FILES);
  return undefined;
}

/** A unit's findings with file indexes for paths: those of each of its `files`, in that order. */
export function storeFindings(byFile: ReadonlyMap<string, readonly Finding[]>, files: readonly string[]): StoredFinding[] {
  return files.flatMap((file, i) => (byFile.get(file) ?? []).map((finding) => ({ ...finding, file: i })));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
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
