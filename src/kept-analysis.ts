// What analyseSet reads to decide whether a migration's analysis from an earlier call still holds,
// and what it keeps of one: the contract between lint.ts and the language server's store of
// kept analyses (src/lsp/kept-analyses.ts).
import type { ActiveRule, SectionAnalysis } from './analyse.js';
import type { ResolvedConfig } from './config.js';
import type { RunPosition } from './facts/run.js';
import type { Catalog } from './facts/schema/index.js';
import type { MigrationIndexes } from './later-indexes.js';
import type { MigrationSet, ParsedSection } from './types.js';

/** What a migration's analysis reads besides the catalog before it (the migrations before `at`). */
export interface MigrationInputs {
  set: MigrationSet;
  /** Its position in `set.migrations`. */
  at: number;
  config: ResolvedConfig;
  up: ParsedSection;
  /** Parsed when its findings are reported (else it is not analysed). */
  down: ParsedSection | undefined;
  upRules: readonly ActiveRule[];
  run: RunPosition;
  downRequired: boolean;
  markEmptyingFixes: boolean;
}

/** One migration's analysis as analyseSet made it. */
export interface KeptMigration {
  up: SectionAnalysis;
  down: SectionAnalysis | undefined;
  /** What its up section recorded (later-indexes.ts), if anything. */
  record: MigrationIndexes | undefined;
  /** The catalog of its directory after its up section; never changed afterwards. */
  after: Catalog;
}

/** Analyses kept from one analyseSet() call to the next (src/lsp/kept-analyses.ts). */
export interface KeptAnalyses {
  /** A kept analysis that analysing the migration with these inputs would repeat exactly. */
  reuse(inputs: MigrationInputs): KeptMigration | undefined;
  keep(inputs: MigrationInputs, analysis: KeptMigration): void;
}
