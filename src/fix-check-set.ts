// `lint` reports offer only fixes that add no error: each file's fixes are checked with lints of
// that file as part of its set — analyseSet analyses it again on the schema model the run built
// before it (`relint`), never the set again. SetFixCheck keeps what those lints need while the set
// is analysed: the catalog before each migration with a fix in its files, and its sections' parses.
import type { ResolvedConfig } from './config.js';
import type { ActiveRule, SectionAnalysis } from './analyse.js';
import type { Catalog } from './facts/schema/index.js';
import { fileFixTrials, runTrialsSync, unchecked, type WithheldFix } from './fix-check.js';
import { reparseFixed } from './fix-reparse.js';
import { fixedFile } from './fix-sections.js';
import { groupBy } from './group.js';
import { hostFileComments } from './hosts/comments.js';
import { parseSection } from './parse.js';
import { setDirectory } from './set-directory.js';
import { mayHoldSuppressions, type Comment } from './suppress.js';
import type { Edit, Finding, Fix, Migration, MigrationSet, ParsedSection, SectionSource, Span } from './types.js';

/**
 * Above this a file's fixes are withheld from the reports unchecked. Fixes are applied in one pass
 * over the text now, so a check costs the lints of the file it needs (at most MAX_TRIALS): on the
 * corpus concatenated (2 MB, 575 fixes) 3.2 s CPU against 2.0 s unchecked, on 10 MB 124 s
 * against 14 s — too much for a report.
 */
export const MAX_CHECKED_TEXT = 2 * 1024 * 1024;

/** Lints `file` with `fixes` applied: its findings (suppressions applied, suppression findings included). */
export type Relint = (file: string, fixes: readonly Fix[]) => readonly Finding[];

/**
 * Takes the fix off every finding of `findings` whose fix would add an error to its file, and
 * returns those fixes. `findings` are whole files' findings, suppressions applied.
 */
export function withholdUnsafeFixes(findings: readonly Finding[], textOf: (file: string) => string | undefined, relint: Relint): WithheldFix[] {
  const withheld: WithheldFix[] = [];
  for (const [file, found] of groupBy(findings, (f) => f.file)) {
    const fixable = found.filter((f): f is Finding & { fix: Fix } => f.fix !== undefined && f.fix.edits.length > 0 && !f.suppressed);
    const text = textOf(file);
    if (fixable.length === 0 || text === undefined) continue;
    if (text.length > MAX_CHECKED_TEXT) {
      withheld.push(...unchecked(fixable));
      continue;
    }
    withheld.push(...runTrialsSync(fileFixTrials(found, fixable, text), (fixes) => relint(file, fixes)));
  }
  return withheld.map((w) => {
    const offered = { ...w.finding };
    delete (w.finding as Finding).fix;
    return { ...w, finding: offered };
  });
}

/** How analyseSet analyses one section: through `rules`, on `catalog`, placed in `file`. */
export type AnalyseSource = (migration: Migration, section: 'up' | 'down', source: SectionSource, file: { text: string }, catalog: Catalog, rules: readonly ActiveRule[], parsed: ParsedSection, upOrigin?: SectionAnalysis['origin']) => SectionAnalysis;

/** What the re-lints take from the run of analyseSet that asks for them. */
export interface SetRelint {
  set: MigrationSet;
  config: ResolvedConfig;
  /** The migrations analysed, in order. */
  analysed: readonly Migration[];
  rules: readonly ActiveRule[];
  analyse: AnalyseSource;
  /** The sections of each ORM host file. */
  hostSections: ReadonlyMap<string, SectionSource[]>;
  /** The finding that `file` is no longer read as the set needs. */
  invalidFile(file: string, message: string): Finding;
  /** The suppression findings of `file` (text `text`) with these findings and statements. */
  suppressions(file: string, text: string, findings: Finding[], statements: Span[], comments?: () => readonly Comment[]): Finding[];
}

/**
 * The fix check of one analyseSet run. Each migration replays into a layer over the catalog
 * before it (enter), which is kept while a fix in its files may need its file linted again;
 * withhold() then lints those files with their fixes applied.
 */
export class SetFixCheck {
  private readonly before = new Map<Migration, Catalog>();
  private readonly parses = new Map<SectionSource, ParsedSection>();
  /** How many migrations hold each file: a file in several keeps every one's catalog. */
  private readonly holders = new Map<string, number>();

  constructor(migrations: readonly Migration[]) {
    for (const m of migrations) for (const file of filesOf(m)) this.holders.set(file, (this.holders.get(file) ?? 0) + 1);
  }

  /** The catalog `migration` replays into: a layer over `current`, kept as the catalog before it. */
  enter(migration: Migration, current: Catalog): Catalog {
    this.before.set(migration, current);
    return layerOver(current);
  }

  /** The parse of a section of a migration entered: kept, its fixed text is parsed from it. */
  parsed(source: SectionSource, parsed: ParsedSection): ParsedSection {
    if (!source.host) this.parses.set(source, parsed);
    return parsed;
  }

  /**
   * After `migration` replayed into `layer` with these findings: the catalog to go on with. With no
   * fix to check in its files, the catalog before it and its parses are not needed, and its layer
   * is merged back, so reads do not walk a layer per migration.
   */
  leave(migration: Migration, layer: Catalog, findings: readonly Finding[]): Catalog {
    if (findings.some((f) => f.fix && f.fix.edits.length > 0) || !filesOf(migration).every((file) => this.holders.get(file) === 1)) return layer;
    this.before.delete(migration);
    this.parses.delete(migration.up);
    if (migration.down) this.parses.delete(migration.down);
    return layer.mergeIntoParent();
  }

  /** Takes off `all` (every reported file's findings) the fixes that would add an error to their file. */
  withhold(all: readonly Finding[], run: SetRelint): WithheldFix[] {
    // A fix is withheld for an error it adds: the rules that report errors are enough, unless a
    // suppression comment may name another (a warning the fix removes leaves it unused).
    const errorRules = run.rules.filter((r) => r.severity === 'error');
    const positions = new Map<string, { from: number; to: number }>();
    run.analysed.forEach((m, i) => {
      for (const file of filesOf(m)) {
        const at = positions.get(file);
        if (at) at.to = i;
        else positions.set(file, { from: i, to: i });
      }
    });
    /** `file` analysed again with `fixes` applied, from the catalog before its first migration: its errors. */
    const relint = (file: string, fixes: readonly Fix[]): Finding[] => {
      const at = positions.get(file);
      if (!at) return [];
      const original = run.set.files.get(file)!;
      const fixed = fixedFile(original, fixes, run.set.migrations, run.config);
      const rules = mayHoldSuppressions(original.text) ? run.rules : errorRules;
      const dir = setDirectory(run.analysed[at.from]!);
      const catalog = this.before.get(run.analysed[at.from]!)!.fork();
      const found: Finding[] = [];
      const statements: Span[] = [];
      const sectionOf = (migration: Migration, section: 'up' | 'down', upOrigin?: SectionAnalysis['origin'], into = catalog): SectionAnalysis | undefined => {
        const source = migration[section];
        if (!source) return undefined;
        const mine = source.file === file;
        const fixedSource = mine ? fixed.section(source) : source;
        if (!fixedSource) {
          found.push(run.invalidFile(file, `${migration.runner} no longer reads this ${section} section`));
          return undefined;
        }
        const parsed = mine ? this.fixedParse(source, fixedSource, fixed.edits) : (this.parses.get(source) ?? parseSection(source));
        const analysis = run.analyse(migration, section, fixedSource, mine ? fixed.file : (run.set.files.get(source.file) ?? { text: source.text }), into, mine ? rules : [], parsed, upOrigin);
        if (mine) {
          found.push(...analysis.findings);
          statements.push(...analysis.statements.map((s) => s.span));
        }
        return analysis;
      };
      for (const migration of run.analysed.slice(at.from, at.to + 1)) {
        if (setDirectory(migration) !== dir) continue;
        const up = sectionOf(migration, 'up');
        if (up && migration.down?.file === file) sectionOf(migration, 'down', up.origin, catalog.fork());
      }
      const sections = run.hostSections.get(file);
      const comments = sections ? () => hostFileComments(fixed.file.text, file, sections.map((s) => fixed.section(s) ?? s)) : undefined;
      return [...found, ...run.suppressions(file, fixed.file.text, found, statements, comments)];
    };
    return withholdUnsafeFixes(all, (file) => run.set.files.get(file)?.text, relint);
  }

  /** The parse of `fixed`, the section `source` with `edits` applied: from the parse of `source` where it was kept. */
  private fixedParse(source: SectionSource, fixed: SectionSource, edits: readonly Edit[]): ParsedSection {
    const original = this.parses.get(source);
    return (original && reparseFixed(original, fixed, edits)) ?? parseSection(fixed);
  }
}

function filesOf(m: Migration): string[] {
  return m.down && m.down.file !== m.up.file ? [m.up.file, m.down.file] : [m.up.file];
}

/** A layer over a catalog kept as it is: flattened now and then, so reads do not walk a long chain. */
function layerOver(kept: Catalog): Catalog {
  return (kept.depth >= MAX_LAYERS ? kept.flatten() : kept).fork();
}
const MAX_LAYERS = 8;
