// The data that flows through the pipeline: discover → parse → analyse → report / apply.
// Everything after parse speaks UTF-16 offsets (JavaScript string indexes) and 1-based
// line/column in UTF-16 code units.
import type { Node } from '@pgsql/types';
import type { BuilderFixHelpName } from './hosts/builder-fix-help.js';

export type Severity = 'error' | 'warning';
export type SeveritySetting = Severity | 'off';

/** 1-based line, 1-based column in UTF-16 code units. */
export interface Position {
  line: number;
  column: number;
}

/** UTF-16 offsets into a file's full text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface Edit extends Span {
  text: string;
}

export interface Fix {
  title: string;
  edits: Edit[];
  /** Set by the analysis: the fixed statement would leave the schema model as it was while the original changes it (src/fixes/no-op.ts); never offered. */
  emptiesStatement?: true;
  /** Set after the whole set is read: a later migration's statement would fail after this fix (src/fixes/later-type-fix.ts); never offered. */
  breaksLater?: LaterBreak;
}

/** The later migration a fix would break, and why. */
export interface LaterBreak {
  /** The later migration's up file. */
  file: string;
  /** What it does, as in "fix withheld: … would break <file>: <reason>". */
  reason: string;
}

export interface Finding {
  /** Absolute path of the file the finding is in. */
  file: string;
  ruleId: string;
  severity: Severity;
  message: string;
  help?: string;
  span: Span;
  start: Position;
  end: Position;
  /** Index of the statement in its section, -1 when not tied to a statement. */
  statement: number;
  fix?: Fix;
  suppressed?: { reason?: string };
  /** Not reported when a later migration of the set creates an index with these leading columns, or drops the foreign key (src/later-indexes.ts). */
  withdrawnByIndex?: ForeignKeyColumns;
  /** A column type fix: withheld when a later migration of the set puts the table in a tree or the column in an expression (src/fixes/later-type-fix.ts). */
  typeFixGuard?: TypeFixGuard;
  /** The existing table the finding's lock is held on, with its size from the stats file (docs/stats.md). */
  table?: FindingTable;
}

/** A table (`schema.name`) and index key columns, in any order. */
export interface IndexedColumns {
  table: string;
  columns: string[];
}

/** The column a type fix changes: `schema.name` of its table; `immutable` for timestamptz (casts of it depend on TimeZone). */
export interface TypeFixGuard {
  table: string;
  column: string;
  immutable?: true;
  /** How many of its migration's type-fix events (src/later-indexes.ts) came before the statement: those after it are followed too. */
  eventsBefore?: number;
}

/** A foreign key's referencing table and columns, and its name in the schema model. */
export interface ForeignKeyColumns extends IndexedColumns {
  foreignKey?: string;
}

export interface FindingTable {
  /** "schema.table" */
  name: string;
  rows: number;
  /** pg_total_relation_size */
  bytes: number;
  /** The work the lock is held for: 'index build', 'table rewrite', 'check validation' … */
  operation: string;
  /** The estimated duration of that work, in seconds. */
  estimateSeconds: { low: number; high: number };
}

/** How migrations are laid out on disk. */
export type Layout =
  | 'plain' // V_name.sql, forward only
  | 'up-down-files' // V_name.up.sql + V_name.down.sql (golang-migrate)
  | 'up-down-dir' // V_name/up.sql + V_name/down.sql (diesel, sourcegraph)
  | 'migration-dir' // V_name/migration.sql, one directory per migration (Prisma, Drizzle v1)
  | 'dbmate' // -- migrate:up / -- migrate:down
  | 'goose' // -- +goose Up / -- +goose Down
  | 'sections' // -- UP / -- DOWN with optional -- @metadata {json}
  | 'alembic' // alembic upgrade --sql output, one migration per revision
  | 'sql-migrate' // -- +migrate Up / -- +migrate Down
  | 'tern' // up ---- create above / drop below ---- down
  | 'postgrator' // NNN.do.desc.sql + NNN.undo.desc.sql
  | 'orm'; // an ORM's migration in its host language (TypeORM class, Alembic .py …)

/** `auto` or the name of a runner module (src/runners/index.ts is the only list). */
export type RunnerName = string;

/**
 * The transaction model the runner gives a section:
 * - 'wrapped': the runner (or an outer BEGIN the file holds outside the section) wraps it;
 * - 'none': the runner sends statements as they are (only explicit BEGIN/COMMIT in the text count);
 * - 'auto': migrationlint's own apply engine: one transaction, unless the section holds a
 *   statement that cannot run in one (then none, statement by statement);
 * - 'implicit': the section goes to the server as one multi-statement query: one implicit
 *   transaction when it holds several statements, none when it holds one;
 * - 'whole-run': all pending migrations run in one transaction (a lock is held, and an enum
 *   value added is unusable, until the last one commits).
 */
export type WrapMode = 'wrapped' | 'none' | 'auto' | 'implicit' | 'whole-run';

/** The transaction mode a section really gets, once its statements are known. */
export type TransactionMode = 'wrapped' | 'explicit' | 'none';

/** A slice of a file that holds one migration's up or down SQL. */
export interface SectionSource {
  /** Absolute path of the file. */
  file: string;
  /** The section's SQL: `fileText.slice(offset, offset + text.length)` (with `host`: the SQL its calls send; with `rewritten`: that slice with a same-length stand-in at each construct). */
  text: string;
  /** UTF-16 offset of `text` in the file's full text (with `host`: 0, positions map through `host`). */
  offset: number;
  wrap: WrapMode;
  /** An ORM migration's up or down method: `text` is not a slice of the file. */
  host?: SectionHost;
  /** What the runner rewrites before the server sees the text (psql meta-commands, placeholders, templates), in file order. */
  rewritten?: RewrittenConstruct[];
}

/** A piece of a migration the runner replaces before sending it (src/runners/preprocess/). */
export interface RewrittenConstruct {
  /** Where it is in the file. */
  span: Span;
  /** What it is, as messages say it: 'psql meta-command', 'psql variable', 'placeholder', 'template action'. */
  kind: string;
  /** Its text in the file. */
  text: string;
}

/** Where one call's SQL (a piece of a host section's text) is in the host file. */
export interface HostSegment {
  /** [start, end) in the section's text. */
  start: number;
  end: number;
  /** The call (or the literal) in the file. */
  span: Span;
  /** SQL written as a literal: per code unit of the piece, its file offset, plus one for its end. */
  literalMap?: readonly number[];
  /** A builder call in the ORM API's words (`queryRunner.createIndex(…)`), for help. */
  call?: string;
  /** The piece goes to the server as one simple-query message: several statements in it run as one implicit transaction. */
  oneQuery?: boolean;
}

/** An ORM migration method as a section: its calls' SQL joined, and where each piece came from. */
export interface SectionHost {
  segments: HostSegment[];
  /** The method in the file (findings about the whole section). */
  span: Span;
  /** Every SQL operation the method holds, resolved or not. */
  total: number;
  /** The operations whose SQL could not be known statically: counted, not linted. */
  unresolved: { span: Span; reason: string }[];
  /** Statements linted with parameters standing for values known only at run time (counted resolved). */
  dynamicValues?: { span: Span; reason: string }[];
  /** How raw SQL is written in this ORM (`queryRunner.query(\`…\`)`), for help on builder calls. */
  rawSql: string;
  /** Whose words help on a withheld fix of a builder call (src/hosts/builder-fix-help.ts). */
  builderFixHelp?: BuilderFixHelpName;
}

/** A problem found while reading files, reported as a finding of a built-in rule. */
export interface DiscoveryProblem {
  file: string;
  ruleId: 'invalid-file' | 'malformed-metadata' | 'empty-migration' | 'orm-execute-failed' | 'include-not-linted';
  message: string;
  /** UTF-16 span in the file; {0,0} when the whole file is concerned. */
  span: Span;
}

export interface Migration {
  /** Unique within the set: `${version}_${name}` or the path for unversioned files. */
  id: string;
  version: string;
  name: string;
  layout: Layout;
  runner: RunnerName;
  up: SectionSource;
  down?: SectionSource;
  metadata?: Record<string, unknown>;
}

export interface SourceText {
  /** Absolute path. */
  path: string;
  /** Path relative to the working directory, with forward slashes (for display). */
  relPath: string;
  text: string;
  /** The file begins with a UTF-8 byte order mark, left out of `text` (offsets never count it). */
  bom?: boolean;
}

export interface MigrationSet {
  migrations: Migration[];
  /** Every file read, by absolute path. */
  files: ReadonlyMap<string, SourceText>;
  /** True when any migration of the set has a down part. */
  usesDown: boolean;
  problems: DiscoveryProblem[];
  /** Said once on standard error by the CLI (`orm.execute`: why a set kept its static translation). */
  notes?: string[];
}

/** One parsed top-level statement of a section (or a statement inside a DO block). */
export interface Statement {
  index: number;
  /** The statement node, e.g. `{ IndexStmt: {...} }`. */
  node: Node;
  /** The node tag, e.g. 'IndexStmt'. */
  tag: string;
  /** Original text, from the first token to the end (without the terminating ';'). */
  text: string;
  /** UTF-16 span in the file's full text. */
  span: Span;
  /** Byte offset in the section text where the string this node was parsed from starts. */
  byteBase: number;
}

export interface SyntaxErrorInfo {
  message: string;
  /** UTF-16 offset in the file's full text. */
  offset: number;
  /** The span of the statement that failed, in the file's full text. */
  statementSpan: Span;
}

export interface ParsedSection {
  source: SectionSource;
  statements: Statement[];
  syntaxErrors: SyntaxErrorInfo[];
  /** Maps a UTF-8 byte offset of the section text to a UTF-16 offset in the file. */
  byteToFileOffset(byteOffset: number): number;
}
