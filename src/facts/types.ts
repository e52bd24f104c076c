// Facts computed once per section and handed to every rule read-only.
import type { RangeVar } from '@pgsql/types';

export interface StatementFacts {
  index: number;
  /** The statement runs inside a transaction block. */
  inTransaction: boolean;
  /** The statement cannot run inside a transaction block (CONCURRENTLY, VACUUM …). */
  mustRunOutsideTransaction: boolean;
  /**
   * A statement that must run outside a transaction would be run outside one here: the runner
   * does not wrap the section (or adapts, as migrationlint's engine does) and no explicit BEGIN
   * is open. Decides whether adding CONCURRENTLY is a safe fix.
   */
  canRunOutsideTransaction: boolean;
}

export interface MigrationFacts {
  statements: readonly StatementFacts[];
  /** True when a table was created by a statement before `beforeStatement` in this section. */
  isTableCreatedEarlier(relation: RangeVar | undefined, beforeStatement: number): boolean;
  /** True when an index was created by a statement before `beforeStatement` in this section. */
  isIndexCreatedEarlier(schema: string | undefined, name: string, beforeStatement: number): boolean;
}
