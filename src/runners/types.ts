// What a runner module is: how a tool recognises, reads, orders and runs its migrations.
// One module per runner in src/runners/<name>.ts, registered once in src/runners/index.ts.
import type { SectionRange } from '../discover/part.js';
import type { DiscoveryProblem, Layout, Migration, RewrittenConstruct, SourceText, Span, WrapMode } from '../types.js';
import type { ExecutedMigration } from '../hosts/execute/types.js';

/** Cached, read-only access to the files around a migration (metadata files, journals, plans). */
export interface Probe {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  read(absPath: string): string | undefined;
  exists(absPath: string): boolean;
  /** Names of the entries of a directory ([] when it cannot be read). */
  list(absDir: string): readonly string[];
  /** One computation per key for the probe's lifetime (directory-level detection). */
  memo<T>(key: string, compute: () => T): T;
  /** `orm.execute`: what each ORM file's migration sent when its ORM ran it, by absolute path. */
  executed?: ReadonlyMap<string, ExecutedMigration>;
}

/** Why a runner claims a file. Two runners with strong evidence on one file make it ambiguous. */
export interface Evidence {
  /** metadata: a file of the runner sits beside the set; marker: a directive line in the file; naming: only the file name fits. */
  strength: 'metadata' | 'marker' | 'naming';
  /** What was found, as the message shows it: "migration_lock.toml", "'-- +goose Up' marker". */
  what: string;
  /** Where, in the migration file itself (markers). */
  span?: Span;
}

/** One migration a runner found in a set's files, before its id and transaction are decided. */
export interface RunnerMigration {
  layout: Layout;
  /** The file holding the up section. */
  file: SourceText;
  up: SectionRange;
  /** The down section in `file`… */
  down?: SectionRange;
  /** …or a separate file holding the whole down. */
  downFile?: SourceText;
  version: string;
  name: string;
  /** False when the name carries no version: the migration's id is then its path. */
  versioned: boolean;
  /** Breaks ties between equal versions before the path does (a journal's index). */
  rank?: number;
  /** For runners that order by name, not by version (Prisma: the directory name, code unit by code unit). */
  orderKey?: string;
  metadata?: Record<string, unknown>;
}

export interface RunnerRead {
  migrations: RunnerMigration[];
  problems: DiscoveryProblem[];
}

/** Config `runnerOptions`: how a runner is set up outside the migration files (a database-URL parameter). */
export interface RunnerOptions {
  'golang-migrate'?: {
    /** `x-multi-statement=true` in the database URL: the file is split on `;` and sent statement by statement, without a transaction. */
    multiStatement?: boolean;
  };
}

/** A section about to be given its transaction model. */
export interface SectionInput {
  /** The whole file the section belongs to. */
  file: SourceText;
  range: SectionRange;
  /** The section's own text. */
  text: string;
  section: 'up' | 'down';
  options: RunnerOptions;
}

export interface RunnerTransaction {
  /** The model the runner applies when no directive says otherwise. */
  model: WrapMode;
  /** How the runner runs a migration, as messages say it ("golang-migrate sends each file as one multi-statement query"). */
  behaviour: string;
  /** The directive (or setting) that makes the runner run a migration without its transaction; undefined when there is none. */
  optOut?: (section: 'up' | 'down') => string;
  /** Without an opt-out: how to run such a statement anyway, as help says it (Drizzle: outside its migrator). */
  withoutOptOut?: string;
  /** The model for one section once the runner's in-file directives are read; default `model`. */
  sectionModel?: (input: SectionInput, probe: Probe) => WrapMode;
  /** How `new --move` makes its new migration run without a transaction; undefined when it cannot write that. */
  noTransaction?: NoTransactionDirective;
}

/** The directive a new migration holding one statement needs to run outside a transaction. */
export interface NoTransactionDirective {
  /** The line as the runner reads it; undefined when a lone statement already runs outside one. */
  line?: string;
  /** The up marker line of `new`'s file that `line` replaces; default: `line` goes first in the file. */
  replaces?: string;
}

/** Timeouts a runner sets itself before running a migration. */
export interface RunnerTimeouts {
  lockTimeout: boolean;
  statementTimeout: boolean;
}

/** A file `new` creates. */
export interface NewFile {
  file: string;
  text: string;
}

/** What `new` needs to write the next migration of an existing set. */
export interface NewMigrationInput {
  /** The set's migrations in order; the last one is the newest. */
  migrations: readonly Migration[];
  /** A lower-case slug of the name given (`add_orders_status`). */
  slug: string;
  now: Date;
  probe: Probe;
}

export interface NewMigrationPlan {
  version: string;
  layout: Layout;
  /** Files to create (never overwritten). */
  create: NewFile[];
  /** Files to rewrite after the creation (a journal entry appended, a plan line added). */
  update?: NewFile[];
  /** What the user must still do with the runner's own tool (`atlas migrate hash`). */
  notes?: string[];
}

/** A file that marks a migration set: `migration_lock.toml`, `meta/_journal.json`, `sqitch.plan`. */
export interface SetMarker {
  /** The file's name, or the end of its path (`meta/_journal.json`, `supabase/config.toml`). */
  file: string;
  /** The set directories it names (absolute), from its path and its text (`probe.read`); default: the marker's own directory. */
  setDirs?(marker: string, probe: Probe): readonly string[];
}

/** A section as the runner reads it before rewriting it. */
export interface PreprocessInput {
  file: SourceText;
  /** The section's text: `file.text.slice(offset, offset + text.length)`. */
  text: string;
  offset: number;
}

/** The section as the server receives it, with every offset unchanged (src/runners/preprocess/). */
export interface Preprocessed {
  /** Same length and the same line breaks as the input text. */
  text: string;
  rewritten: RewrittenConstruct[];
  problems: DiscoveryProblem[];
}

export interface RunnerModule {
  /** The config value (`runner`) and the name in messages' code spans. */
  name: string;
  /** The tool's name as people write it ("Prisma Migrate", "golang-migrate"). */
  title: string;
  /** File name extensions of its migration files, lower case with the dot; default ['.sql']. */
  extensions?: readonly string[];
  /** Directories, relative to a repository root, where the runner keeps migrations by default. */
  defaultDirs: readonly string[];
  /** Files that mark one of the runner's sets wherever they are (zero-config discovery, `init`). */
  markers?: readonly SetMarker[];
  /** How statements are separated when the runner splits a file itself (documentation). */
  separators: string;
  /** Under `runner: auto`: does this file belong to one of the runner's sets? */
  detect(file: SourceText, probe: Probe): Evidence | undefined;
  /**
   * Whether each migration is read from its own files alone: its version, name, order and sections
   * from their paths and texts (and from listings and probed files, which `lint --cache` checks by
   * stat). Then a pull request's changed file is read again without the rest of the set
   * (src/cache/set-refresh.ts). False when other files of the set order or shape a migration.
   */
  readsFilesAlone: boolean;
  /** The migrations of the runner's files (any order; problems with file positions, never a throw). */
  read(files: readonly SourceText[], probe: Probe): RunnerRead;
  transaction: RunnerTransaction;
  /** Timeouts the runner sets; 'apply-config': those of config `apply` (migrationlint's own engine). */
  timeouts: RunnerTimeouts | 'apply-config';
  /** What the runner rewrites in a section before the server sees it (psql meta-commands, placeholders, templates). */
  preprocess?(input: PreprocessInput, probe: Probe): Preprocessed;
  /** Layout-specific `new` (undefined: follow the last migration's layout, as without it). */
  newMigration?(input: NewMigrationInput): NewMigrationPlan | undefined;
}
