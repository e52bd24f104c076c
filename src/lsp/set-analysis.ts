// The diagnostics of every file of a migration set as read from disk, from one analyseSet() of the
// whole set — the run `migrationlint lint` makes. Opening an unchanged file of the set then needs
// no analysis. On the way it keeps the catalogs before each migration (SetCheckpoints) and what
// each migration records for later withdrawals (LaterIndexesCache): a keystroke then analyses
// only the edited file's migrations.
import type { ResolvedConfig } from '../config.js';
import { analyseSet, findingCounts, type LintResult } from '../lint.js';
import type { Finding, MigrationSet, ParsedSection, SectionSource } from '../types.js';
import type { LaterIndexesCache } from './later-indexes.js';
import type { SetCheckpoints } from './set-checkpoints.js';

export interface SetAnalysisInput {
  set: MigrationSet;
  config: ResolvedConfig;
  parse: (source: SectionSource) => ParsedSection;
  facts: SetCheckpoints;
  later: LaterIndexesCache;
}

export class SetAnalysis {
  private byFile: Map<string, Finding[]> | undefined;
  /** The analysis threw: requests analyse their file alone (and say what failed). */
  private failed = false;
  private scheduled = false;

  constructor(private readonly input: SetAnalysisInput) {}

  /** Whether run() was called (or scheduled). */
  get started(): boolean {
    return this.scheduled || this.byFile !== undefined || this.failed;
  }

  /** The analysis will run soon (after the request that asked for the set first). */
  schedule(): void {
    if (this.started) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  /** Whether diagnostics can come from the whole-set analysis (run now if it has not run yet). */
  get usable(): boolean {
    if (!this.byFile && !this.failed) this.run();
    return this.byFile !== undefined;
  }

  /** The result a diagnostics request for `file` gets: its findings in the whole set's analysis (`usable` first). */
  resultFor(file: string): LintResult {
    const findings = this.byFile?.get(file) ?? [];
    return { set: this.input.set, migrations: [], findings, ...findingCounts(findings), indexesCreated: [] };
  }

  /** Runs the analysis unless it ran; never throws (a failure leaves the requests to analyse their file alone). */
  run(): void {
    if (this.byFile || this.failed) return;
    const { set, config, parse, facts, later } = this.input;
    try {
      // Diagnostics show no fix: whether a fix empties its statement is asked by code actions.
      const result = analyseSet(set, config, { markEmptyingFixes: false, keepAnalyses: false, parse, facts });
      later.seed(set.migrations, 0, result.indexesCreated);
      const byFile = new Map<string, Finding[]>();
      for (const f of result.findings) {
        const list = byFile.get(f.file);
        if (list) list.push(f);
        else byFile.set(f.file, [f]);
      }
      this.byFile = byFile;
    } catch {
      this.failed = true;
    }
  }
}
