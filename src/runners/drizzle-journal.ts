// Drizzle Kit's `meta/_journal.json`: the migrations drizzle-kit migrate runs, in order.
import path from 'node:path';
import type { Span } from '../types.js';
import type { Probe } from './types.js';

export interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
  /** Where the entry's tag is in the journal text. */
  span: Span;
}

export interface Journal {
  path: string;
  text: string;
  version: string;
  entries: JournalEntry[];
  /** Why the journal cannot be used (syntax or shape), with its span. */
  error?: { message: string; span: Span };
}

export const journalPath = (dir: string) => path.join(dir, 'meta', '_journal.json');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readJournal(dir: string, probe: Probe): Journal | undefined {
  return probe.memo(`drizzle-journal:${dir}`, () => {
    const file = journalPath(dir);
    const text = probe.read(file);
    if (text === undefined) return undefined;
    const journal: Journal = { path: file, text, version: '7', entries: [] };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      journal.error = { message: `meta/_journal.json is not valid JSON (${e instanceof Error ? e.message : String(e)})`, span: { start: 0, end: 0 } };
      return journal;
    }
    const entries = isRecord(value) ? value.entries : undefined;
    if (!isRecord(value) || !Array.isArray(entries)) {
      journal.error = { message: 'meta/_journal.json has no "entries" array', span: { start: 0, end: 0 } };
      return journal;
    }
    if (typeof value.version === 'string') journal.version = value.version;
    let from = 0;
    entries.forEach((entry, i) => {
      if (!isRecord(entry) || typeof entry.tag !== 'string') return;
      const quoted = JSON.stringify(entry.tag);
      const at = text.indexOf(quoted, from);
      const span = at >= 0 ? { start: at, end: at + quoted.length } : { start: 0, end: 0 };
      if (at >= 0) from = at + quoted.length;
      journal.entries.push({ idx: typeof entry.idx === 'number' ? entry.idx : i, tag: entry.tag, when: typeof entry.when === 'number' ? entry.when : 0, span });
    });
    return journal;
  });
}
