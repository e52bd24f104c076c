// The analyses of the migrations the language server reported last, kept for the next keystroke.
// A migration is not analysed again when everything its analysis reads is as it was: the same
// migrations before it (the catalog it starts from), the same config, rules and place in the set,
// and sections that parse to the same statements at the same offsets in a file whose text is the
// same up to just past them (a comment or blank lines typed after the last statement). What a
// rule reads of the file beyond its statements — the type fixes' later table references
// (src/fixes/later-references.ts) — is compared too.
import type { KeptAnalyses, KeptMigration, MigrationInputs } from '../kept-analysis.js';
import type { SectionAnalysis } from '../analyse.js';
import { laterReferences } from '../fixes/later-references.js';
import { setDirectory } from '../set-directory.js';
import type { Finding, Migration, ParsedSection, SectionSource } from '../types.js';
import { sameSource } from './same-source.js';

/**
 * Migrations kept at most (the least recently used go first): the files being typed in. Each
 * holds its sections' trees and facts, which every garbage collection then walks.
 */
const MAX_KEPT = 4;

interface Kept {
  inputs: MigrationInputs;
  analysis: KeptMigration;
}

/** Findings are changed after the analysis (suppressions, broken type fixes): each call gets its own. */
const copied = (findings: readonly Finding[]): Finding[] => findings.map((f) => Object.assign({}, f));
const withCopies = (a: SectionAnalysis): SectionAnalysis => Object.assign({}, a, { findings: copied(a.findings) });

export class KeptMigrationAnalyses implements KeptAnalyses {
  /** By the up section's file and offset, in order of last use. */
  private readonly kept = new Map<string, Kept>();

  reuse(inputs: MigrationInputs): KeptMigration | undefined {
    const key = keyOf(inputs.set.migrations[inputs.at]);
    const kept = this.kept.get(key);
    if (!kept || !sameInputs(kept.inputs, inputs)) return undefined;
    this.kept.delete(key);
    this.kept.set(key, kept);
    const { up, down, record, after } = kept.analysis;
    return { up: withCopies(up), down: down && withCopies(down), record, after };
  }

  keep(inputs: MigrationInputs, analysis: KeptMigration): void {
    const key = keyOf(inputs.set.migrations[inputs.at]);
    this.kept.delete(key);
    this.kept.set(key, { inputs, analysis: { ...analysis, up: withCopies(analysis.up), down: analysis.down && withCopies(analysis.down) } });
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
  }
}

const keyOf = (m: Migration) => `${m.up.offset}\0${m.up.file}`;

function sameInputs(a: MigrationInputs, b: MigrationInputs): boolean {
  const [was, now] = [a.set.migrations[a.at], b.set.migrations[b.at]];
  return (
    a.config === b.config &&
    a.upRules === b.upRules &&
    a.markEmptyingFixes === b.markEmptyingFixes &&
    a.downRequired === b.downRequired &&
    a.run.file === b.run.file &&
    a.run.lastMigration === b.run.lastMigration &&
    a.run.isLast === b.run.isLast &&
    sameMigration(was, now) &&
    samePrefix(a.set.migrations, b.set.migrations, a.at, b.at) &&
    sameParse(a.up, b.up, fileText(a, was.up), fileText(b, now.up)) &&
    (a.down && b.down ? sameParse(a.down, b.down, fileText(a, was.down!), fileText(b, now.down!)) : a.down === b.down && sameOrNoSource(was.down, now.down))
  );
}

const fileText = (inputs: MigrationInputs, source: SectionSource) => inputs.set.files.get(source.file)?.text ?? source.text;

/** What rules read of the migration besides its sections' statements (the sections themselves are compared by sameParse). */
function sameMigration(a: Migration, b: Migration): boolean {
  if (a === b) return true;
  if (a.id !== b.id || a.version !== b.version || a.name !== b.name || a.layout !== b.layout || a.runner !== b.runner) return false;
  if (JSON.stringify(a.metadata) !== JSON.stringify(b.metadata)) return false;
  if (!samePlace(a.up, b.up)) return false;
  return a.down === undefined ? b.down === undefined : b.down !== undefined && samePlace(a.down, b.down);
}

/** The same section of the same file, read alike; its text may differ after its statements. */
function samePlace(a: SectionSource, b: SectionSource): boolean {
  return a.file === b.file && a.offset === b.offset && a.wrap === b.wrap && a.host === undefined && b.host === undefined && JSON.stringify(a.rewritten) === JSON.stringify(b.rewritten);
}

const sameOrNoSource = (a: SectionSource | undefined, b: SectionSource | undefined) => (a === undefined ? b === undefined : b !== undefined && sameSource(a, b));

/** The migrations before the one analysed replay alike: its catalog starts the same. */
function samePrefix(a: readonly Migration[], b: readonly Migration[], at: number, bAt: number): boolean {
  if (at !== bAt) return false;
  for (let i = 0; i < at; i++) {
    if (a[i] === b[i]) continue;
    if (setDirectory(a[i]) !== setDirectory(b[i]) || !sameSource(a[i].up, b[i].up)) return false;
  }
  return true;
}

/**
 * The same statements (text, kind, place) and syntax errors, in file texts equal up to just past
 * the last of them (a rule reads the character after a statement), and naming the same tables in
 * the places the type fixes look for after a statement.
 */
function sameParse(a: ParsedSection, b: ParsedSection, aText: string, bText: string): boolean {
  if (a === b && aText === bText) return true;
  if (a.statements.length !== b.statements.length || a.syntaxErrors.length !== b.syntaxErrors.length) return false;
  let end = a.source.offset;
  for (let i = 0; i < a.statements.length; i++) {
    const [s, t] = [a.statements[i], b.statements[i]];
    if (s.text !== t.text || s.tag !== t.tag || s.byteBase !== t.byteBase || s.span.start !== t.span.start || s.span.end !== t.span.end) return false;
    end = Math.max(end, s.span.end);
  }
  for (let i = 0; i < a.syntaxErrors.length; i++) {
    const [e, f] = [a.syntaxErrors[i], b.syntaxErrors[i]];
    if (e.message !== f.message || e.offset !== f.offset || e.statementSpan.start !== f.statementSpan.start || e.statementSpan.end !== f.statementSpan.end) return false;
    end = Math.max(end, e.offset, e.statementSpan.end);
  }
  // Through the character after the last statement (ban-uncommitted-transaction reads it).
  const through = end + 1;
  if (aText.slice(0, through) !== bText.slice(0, through)) return false;
  return aText === bText || sameReferences(aText, bText);
}

function sameReferences(aText: string, bText: string): boolean {
  const [a, b] = [laterReferences(aText), laterReferences(bText)];
  const same = (x: Map<string, number>, y: Map<string, number>) => x.size === y.size && [...x].every(([name, at]) => y.get(name) === at);
  return same(a.inTree, b.inTree) && same(a.inExpression, b.inExpression);
}
