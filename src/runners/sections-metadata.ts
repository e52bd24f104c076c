// The `-- @metadata {json}` header of the sections layout.
import type { DiscoveryProblem } from '../types.js';
import type { LineMatch } from '../discover/lines.js';
import { problem } from '../discover/part.js';

/** Groups: 1 = everything up to the JSON, 2 = the JSON text. */
export const METADATA_RE = /^([ \t]*--[ \t]*@metadata\b[ \t]*)(.*?)[ \t]*$/gm;

export interface Metadata {
  metadata?: Record<string, unknown>;
  version?: string;
  name?: string;
  problem?: DiscoveryProblem;
}

export function parseMetadata(file: string, line: LineMatch): Metadata {
  const [prefix = '', json = ''] = line.groups;
  const start = line.start + prefix.length;
  const span = { start, end: start + json.length };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return { problem: problem(file, 'malformed-metadata', `malformed @metadata JSON: ${e instanceof Error ? e.message : String(e)}`, span) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: problem(file, 'malformed-metadata', '@metadata must be a JSON object', span) };
  }
  const metadata = value as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { metadata, version: str(metadata.version), name: str(metadata.name) };
}
