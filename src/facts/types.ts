// Facts computed once per section and handed to every rule read-only.
import type { RangeVar } from '@pgsql/types';
import type { CatalogView } from './schema/model.js';
import type { LockFact } from './locks.js';
import type { SectionOrigin } from './schema/section-origin.js';
import type { RunFacts } from './run.js';
import type { TableRisk } from '../stats/risk.js';

/** What the transaction model decides for a statement. */
export interface TransactionFacts {
  index: number;
  /** The statement runs inside a transaction block. */
  inTransaction: boolean;
  /** The statement cannot run inside a transaction block (CONCURRENTLY, VACUUM …). */
  mustRunOutsideTransaction: boolean;
  /**
   * A statement that must run outside a transaction would be run outside one here, and nothing
   * else changes: the runner does not wrap the section (or adapts, as migrationlint's engine
   * does), no explicit BEGIN is open, and no other statement of the section does work (it would
   * then run without the transaction it has, or beside a statement that cannot: a mix). Decides
   * whether adding CONCURRENTLY is a safe fix, for `lint --fix`, SARIF fixes and the editor alike.
   */
  canRunOutsideTransaction: boolean;
  /** Set when the statement runs in the implicit transaction of a multi-statement query the section
   *  sends among others (an ORM call's query string): that query's number in the section. */
  implicitQuery?: number;
}

export interface StatementFacts extends TransactionFacts {
  /** The locks the statement takes (static lock table, src/facts/locks.ts); a DO block's are its statements'. */
  locks: readonly LockFact[];
  /** lock_timeout was set to a non-zero value earlier in the section and is still in force. */
  lockTimeoutSet: boolean;
  /** statement_timeout was set to a non-zero value earlier in the section and is still in force. */
  statementTimeoutSet: boolean;
  /**
   * Statements with the same number run in the same transaction (an explicit block, the runner's,
   * or a lone autocommit statement with its DO block's statements); locks are held until it ends.
   */
  transactionBlock: number;
  /** The existing tables the stats file knows that the statement blocks, costliest first (none without stats). */
  risks?: readonly TableRisk[];
}

export interface MigrationFacts {
  statements: readonly StatementFacts[];
  /** True when a table was created by a statement before `beforeStatement` in this section. */
  isTableCreatedEarlier(relation: RangeVar | undefined, beforeStatement: number): boolean;
  /** True when an index was created by a statement before `beforeStatement` in this section. */
  isIndexCreatedEarlier(schema: string | undefined, name: string, beforeStatement: number): boolean;
  /**
   * The schema model: the catalog before the statement being visited (earlier migrations of
   * the set's directory, then earlier statements of this section); at the end of the section
   * in `endOfSection`. A down section starts from the catalog after its own up.
   */
  catalog: CatalogView;
  /**
   * Down sections only: what their own up created. Dropping that undoes the up and loses nothing
   * that existed before it.
   */
  upOrigin?: SectionOrigin;
  /**
   * Sections that run in a whole run's transaction (all pending migrations in one): what the
   * earlier migrations of the run left uncommitted, and where the run commits.
   */
  run?: RunFacts;
}
