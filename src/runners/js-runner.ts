// What the Knex, Kysely, Sequelize and node-pg-migrate runner modules share: which files are
// JS/TS migration modules, and a marker found in one as runner evidence.
import path from 'node:path';
import type { Evidence } from './types.js';
import type { SourceText } from '../types.js';

export const JS_EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts'] as const;

/** A JS/TS module that can hold a migration (not a declaration file, not a test). */
export const isJsMigrationFile = (file: SourceText): boolean =>
  JS_EXTENSIONS.includes(path.extname(file.path).toLowerCase() as (typeof JS_EXTENSIONS)[number]) && !/\.(?:d|test|spec)\.[cm]?[jt]s$/i.test(file.path);

/** Marker evidence: the first match of `marker` in the file, as `what` says it. */
export function markerEvidence(file: SourceText, marker: RegExp, what: (match: string) => string): Evidence | undefined {
  if (!isJsMigrationFile(file)) return undefined;
  const m = marker.exec(file.text);
  return m ? { strength: 'marker', what: what(m[0]), span: { start: m.index, end: m.index + m[0].length } } : undefined;
}

/** `<stem>` of a migration file (`20240101_name.js` → `20240101_name`). */
export const stemOfFile = (file: SourceText): string => path.basename(file.path).replace(/\.[^.]+$/, '');
