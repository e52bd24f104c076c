// Lints one fuzz input through the library (the file written to disk, so decoding is the real
// one) and checks the properties every input must keep: lint() returns (no crash), the file is
// read or reported as invalid-file, every finding is well-formed with a position that matches
// its span, and a section PostgreSQL's parser rejects has a syntax-error finding.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'libpg-query';
import { resolveConfig, type ResolvedConfig } from '../src/config.js';
import { lint } from '../src/lint.js';
import type { Finding } from '../src/types.js';
import { rules as registry } from '../rules/index.js';
import type { FuzzInput } from './fuzz-inputs.js';

export interface CheckOutcome {
  /** Property violations; a thrown error counts as a crash and is listed here too. */
  violations: string[];
  crashed: boolean;
  /** The exit code `migrationlint lint` gives for this result. */
  exitCode: 0 | 1;
  findings: number;
  /** Not UTF-8 text (or binary): reported as invalid-file without being parsed. */
  undecoded: boolean;
  syntaxError: boolean;
  ms: number;
}

/** Configurations the inputs rotate through, so runner-specific paths are fuzzed too. */
export function fuzzConfigs(dir: string): ResolvedConfig[] {
  return [
    {},
    { runner: 'goose' },
    { runner: 'dbmate' },
    { assumeInTransaction: true, down: 'required' },
    { rules: { 'naming-convention': 'error', 'require-primary-key': 'error', 'require-table-schema': 'error', 'suppression-missing-reason': 'warning' } },
  ].map((raw) => resolveConfig(raw, undefined, dir));
}

/** 1-based line and UTF-16 column of an offset: the oracle positions are checked against. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function checkFinding(f: Finding, file: string, text: string | undefined): string[] {
  const bad: string[] = [];
  const where = `${f.ruleId} at ${f.start.line}:${f.start.column}`;
  if (!registry.has(f.ruleId)) bad.push(`unknown rule id ${f.ruleId}`);
  if (f.file !== file) bad.push(`${where}: finding for another file ${f.file}`);
  if (f.severity !== 'error' && f.severity !== 'warning') bad.push(`${where}: severity ${String(f.severity)}`);
  if (typeof f.message !== 'string' || f.message.trim() === '') bad.push(`${where}: empty message`);
  if (text === undefined) return bad;
  const { start, end } = f.span;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) {
    bad.push(`${where}: span ${start}..${end} outside the text (length ${text.length})`);
    return bad;
  }
  const s = positionOf(text, start);
  const e = positionOf(text, end);
  if (s.line !== f.start.line || s.column !== f.start.column) bad.push(`${where}: start ${f.start.line}:${f.start.column}, span says ${s.line}:${s.column}`);
  if (e.line !== f.end.line || e.column !== f.end.column) bad.push(`${where}: end ${f.end.line}:${f.end.column}, span says ${e.line}:${e.column}`);
  return bad;
}

function parses(text: string): boolean {
  // libpg-query rejects only the empty string as empty; whitespace and comments parse.
  if (text === '') return true;
  try {
    parseSync(text);
    return true;
  } catch {
    return false;
  }
}

/** Writes the input to `dir` under its name, lints it, checks the properties, removes it. */
export async function checkInput(dir: string, input: FuzzInput, config: ResolvedConfig): Promise<CheckOutcome> {
  const file = path.join(dir, input.name);
  await fs.writeFile(file, input.bytes);
  const t0 = performance.now();
  try {
    const result = await lint({ cwd: dir, config, paths: [file] });
    const ms = performance.now() - t0;
    const text = result.set.files.get(file)?.text;
    const violations: string[] = [];
    const mine = result.findings.filter((f) => f.file === file);
    const invalidFile = mine.some((f) => f.ruleId === 'invalid-file');
    if (text === undefined && !invalidFile) violations.push('file neither read nor reported as invalid-file');
    if (mine.length !== result.findings.length) violations.push('findings for files that were not linted');
    for (const f of result.findings) violations.push(...checkFinding(f, file, text));
    const syntaxError = mine.some((f) => f.ruleId === 'syntax-error');
    if (!syntaxError) {
      for (const m of result.migrations) {
        for (const section of [m.migration.up, m.migration.down]) {
          if (section && section.file === file && !parses(section.text)) {
            violations.push(`the parser rejects a ${section === m.migration.up ? 'up' : 'down'} section of ${m.migration.id} but there is no syntax-error finding`);
          }
        }
      }
    }
    return { violations, crashed: false, exitCode: result.errorCount > 0 ? 1 : 0, findings: result.findings.length, undecoded: text === undefined, syntaxError, ms };
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
    return { violations: [`crash: ${message}`], crashed: true, exitCode: 1, findings: 0, undecoded: false, syntaxError: false, ms: performance.now() - t0 };
  } finally {
    await fs.rm(file, { force: true });
  }
}
