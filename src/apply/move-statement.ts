// `migrationlint new NAME --move FILE:LINE`: a statement of the newest migration moved into a
// new migration of its own, with the runner's directive to run it without a transaction when
// PostgreSQL refuses it in one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Node } from '@pgsql/types';
import { mustRunOutsideTransaction } from '../facts/transaction.js';
import { loadParser, parseSection } from '../parse.js';
import { runnerNamed } from '../runners/index.js';
import type { NoTransactionDirective } from '../runners/types.js';
import { LineIndex } from '../text.js';
import type { Migration, Span } from '../types.js';
import { usageError } from './errors.js';
import { currentSet, newMigration, type NewMigrationInput, type NewMigrationResult } from './new-migration.js';

interface Target {
  migration: Migration;
  /** The file's text (without a byte order mark) and whether it had one. */
  text: string;
  bom: boolean;
  /** The statement with its `;`. */
  span: Span;
  sql: string;
  node: Node;
  /** "line 12" or "lines 12-14". */
  lines: string;
}

function parseLocation(location: string): { file: string; line: number } {
  const m = /^(.+):(\d+)$/.exec(location);
  if (!m?.[1] || !m[2] || Number(m[2]) < 1) throw usageError(`--move takes FILE:LINE (a line number from 1), not "${location}"`);
  return { file: m[1], line: Number(m[2]) };
}

async function findTarget(input: NewMigrationInput, location: string): Promise<Target> {
  const { file, line } = parseLocation(location);
  const abs = path.resolve(input.cwd, file);
  const migrations = await currentSet(input);
  const index = migrations.findIndex((m) => m.up.file === abs);
  const migration = migrations[index];
  if (!migration || migration.up.host) throw usageError(`${file}: not an SQL migration of the set: nothing to move`);
  const newest = migrations[migrations.length - 1];
  if (newest && index !== migrations.length - 1) {
    const rel = path.relative(input.cwd, newest.up.file);
    throw usageError(`${file}: not the newest migration of its set (${rel} is); it may already be applied and moving a statement out of it would rewrite history: move it by hand`);
  }
  const raw = await fs.readFile(abs, 'utf8');
  const bom = raw.startsWith('\uFEFF');
  const text = bom ? raw.slice(1) : raw;
  await loadParser();
  const lines = new LineIndex(text);
  const covering = parseSection(migration.up).statements.find((s) => {
    const span = withSemicolon(text, s.span);
    return lines.position(span.start).line <= line && line <= lines.position(span.end - 1).line;
  });
  if (!covering) throw usageError(`${file}:${line}:1: no statement of the up section is on this line`);
  const span = withSemicolon(text, covering.span);
  const [first, last] = [lines.position(span.start).line, lines.position(span.end - 1).line];
  const sql = text.slice(span.start, span.end);
  return { migration, text, bom, span, sql: sql.endsWith(';') ? sql : `${sql};`, node: covering.node, lines: first === last ? `line ${first}` : `lines ${first}-${last}` };
}

/** The statement's span extended over the `;` that ends it (after any blanks). */
function withSemicolon(text: string, span: Span): Span {
  const m = /^\s*;/.exec(text.slice(span.end, span.end + 200));
  return m ? { start: span.start, end: span.end + m[0].length } : span;
}

/** The file without the statement, and without its line when nothing else is left on it. */
function without(text: string, span: Span): string {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  if (`${text.slice(lineStart, span.start)}${text.slice(span.end, lineEnd)}`.trim() === '') return text.slice(0, lineStart) + text.slice(lineEnd);
  return text.slice(0, span.start) + text.slice(span.end);
}

function withDirective(text: string, directive: NoTransactionDirective | undefined): string {
  if (!directive?.line) return text;
  if (!directive.replaces) return `${directive.line}\n${text}`;
  const marker = `${directive.replaces}\n`;
  if (!text.startsWith(marker) && !text.includes(`\n${marker}`)) throw usageError(`the new migration has no \`${directive.replaces}\` line to mark: move the statement by hand`);
  return text.replace(marker, `${directive.line}\n`);
}

/** Why the runner cannot run the statement in a migration of its own. */
function refusal(migration: Migration): string {
  const { title, transaction } = runnerNamed(migration.runner);
  if (transaction.withoutOptOut) return `the statement cannot run in a transaction and ${title} cannot run a migration without one: ${transaction.withoutOptOut}`;
  const how = transaction.optOut ? `; that takes ${transaction.optOut('up')}, which \`new --move\` does not write` : '';
  return `the statement cannot run in a transaction and ${title} runs every migration in one${how}: move it by hand`;
}

export async function moveIntoNewMigration(input: NewMigrationInput, location: string): Promise<NewMigrationResult> {
  const target = await findTarget(input, location);
  const outside = mustRunOutsideTransaction(target.node, input.config.pgVersion);
  const directive = outside ? runnerNamed(target.migration.runner).transaction.noTransaction : undefined;
  if (outside && !directive) throw usageError(`${location}: ${refusal(target.migration)}`);
  let upFile = '';
  const result = await newMigration({
    ...input,
    fillUp: (up, hint) => {
      upFile = up.file;
      return withDirective(up.text.replace(hint, `${target.sql}\n`), directive);
    },
  });
  const moved = without(target.text, target.span);
  await fs.writeFile(target.migration.up.file, target.bom ? `\uFEFF${moved}` : moved);
  const from = path.relative(input.cwd, target.migration.up.file);
  const note = outside ? ` (runs without a transaction: ${directive?.line ?? 'a lone statement needs no directive'})` : '';
  return { ...result, summary: `moved ${target.lines} of ${from} into ${path.relative(input.cwd, upFile)}${note}` };
}
