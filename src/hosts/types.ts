// What an ORM source extractor (TypeORM, MikroORM, Knex, Kysely, Sequelize, node-pg-migrate JS/TS,
// Alembic .py) reads out of one host-language migration file: the SQL each call sends, where the call
// is, and what could not be resolved statically. The host runner modules turn these into sections the
// rule engine lints; findings are mapped back onto the host file through `span` / `literalMap`.
import type { DiscoveryProblem, Span, WrapMode } from '../types.js';

/** One SQL operation of a migration method, in the order the ORM sends them. */
export interface HostOperation {
  /** The SQL the ORM sends for this call (one or more statements), or undefined when unresolved. */
  sql?: string;
  /** UTF-16 span of the call (or the literal) in the host file. */
  span: Span;
  /**
   * For SQL written as a string literal: the UTF-16 file offset of each code unit of `sql`, plus one
   * entry for its end (length sql.length + 1), escapes decoded. Findings then point inside the
   * literal, and a fix may edit the literal when every edited code unit maps one-to-one.
   * Undefined for SQL produced from a builder call: findings point at `span`, no in-place fix.
   */
  literalMap?: readonly number[];
  /** Statements whose holes stand where values go, linted with parameters in their place (src/hosts/holes.ts). */
  dynamicValues?: { span: Span; reason: string }[];
  /** Why the SQL could not be resolved (`dynamic string`, `loop`, `helper function foo()`), for coverage. */
  unresolved?: string;
  /** For builder calls: the call as the ORM API writes it, for help text (`op.create_index(...)`). */
  call?: string;
  /** The ORM sends `sql` as one simple-query message (the pg driver without bind parameters): PostgreSQL runs
   *  several statements in it as one implicit transaction, even when the migration runs without one. */
  oneQuery?: boolean;
  /** Sent by the runner itself, not by a call in the file (Alembic's COMMIT/BEGIN around an
   *  `autocommit_block()`): linted for the transaction model, not counted in coverage. */
  generated?: boolean;
}

/** The up or down method of one host migration. */
export interface HostSection {
  operations: HostOperation[];
  /** UTF-16 span of the method (for findings about the whole section, e.g. an empty down). */
  span: Span;
  /** The transaction model of this section under its ORM, when the file says (per-class opt-out,
   *  `autocommit_block()`); undefined: the runner module's default. */
  wrap?: WrapMode;
}

/** Everything an extractor read from one host file. */
export interface HostMigrationFile {
  up?: HostSection;
  /** Undefined: no down method; a section with no operations: an empty down (`pass`). */
  down?: HostSection;
  /** Graph ordering for runners that order by references, not names (Alembic `revision`/`down_revision`). */
  revision?: { id: string; parents: readonly string[]; span: Span };
  /** Parse errors and unreadable constructs, as findings with file positions; the rest is still read. */
  problems: DiscoveryProblem[];
}

/** Coverage of one set: every SQL operation found, and those that could not be resolved. */
export interface HostCoverage {
  resolved: number;
  total: number;
  unresolved: { file: string; span: Span; reason: string }[];
  /** Resolved statements linted with parameters standing for values only known at run time. */
  dynamicValues: { file: string; span: Span; reason: string }[];
}
