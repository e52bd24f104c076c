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
import { afterAnswer } from './after-answer.js';

/** How long after the first answer the whole set is analysed (it blocks the server while it runs). */
const IDLE_MS = 50;

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

  /** Whether the analysis ran: diagnostics come from it. */
  get done(): boolean {
    return this.byFile !== undefined;
  }

  /** The analysis will run soon: after the answer to the request that asked for the set first, when the client is likely idle. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    afterAnswer(() => this.run(), IDLE_MS);
  }

  /** The result a diagnostics request for `file` gets: its findings in the whole set's analysis (once `done`). */
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
