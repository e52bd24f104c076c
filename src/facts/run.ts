// The transaction of a whole run (Drizzle Kit, node-pg-migrate's single transaction): every
// pending migration runs in it, so what one migration leaves uncommitted stays uncommitted through
// the later ones. Carried from migration to migration beside the schema model (Catalog.run).
import type { Node } from '@pgsql/types';
import { transactionEffect } from './transaction.js';

export interface RunEnumValue {
  type: string;
  value: string;
  /** The migration that added it, as messages show it (`0003_status.sql`), and the line. */
  file: string;
  line: number;
}

export interface RunCarry {
  /**
   * Enum values earlier migrations of the run added: unusable until the run commits (55P04). A
   * value added to a type its own migration created is usable at once, and not carried; a type an
   * earlier migration created may have been committed by an earlier run, so its values are.
   */
  readonly enumValues: readonly RunEnumValue[];
}

export interface RunFacts extends RunCarry {
  /** The newest migration of the set, as shown: with every migration pending (a fresh database) the run commits after it. */
  readonly lastMigration: string;
  readonly isLast: boolean;
}

export const EMPTY_RUN: RunCarry = { enumValues: [] };

/** The last name of a qualified name list: `app.mood` → `mood`. */
export const typeName = (names: readonly Node[] | undefined): string =>
  (names ?? []).flatMap((n) => ('String' in n && n.String.sval ? [n.String.sval] : [])).pop() ?? '';

/** A statement of a section, with its line, for the carry. */
export interface RunStatement {
  node: Node;
  nested: boolean;
  line: () => number;
}

/** Where a migration sits in its set, for the whole run's facts. */
export interface RunPosition {
  /** This migration, as messages show it (its path in the set's directory). */
  file: string;
  lastMigration: string;
  isLast: boolean;
}

/**
 * The carry after a section that runs in the whole run's transaction. A COMMIT or ROLLBACK in the
 * file ends that transaction: what follows, in this file and in later pending ones, runs in
 * autocommit, and a later run starts a new transaction — nothing is carried either way.
 */
export function advanceRun(carry: RunCarry, statements: readonly RunStatement[], file: string): RunCarry {
  if (statements.some((s) => !s.nested && transactionEffect(s.node) === 'end')) return EMPTY_RUN;
  const enumValues = [...carry.enumValues];
  const createdEnums: string[] = [];
  for (const { node, line } of statements) {
    if ('CreateEnumStmt' in node) createdEnums.push(typeName(node.CreateEnumStmt.typeName));
    else if ('AlterEnumStmt' in node) {
      const { typeName: names, newVal, oldVal } = node.AlterEnumStmt;
      const type = typeName(names);
      if (newVal && !oldVal && !createdEnums.includes(type)) enumValues.push({ type, value: newVal, file, line: line() });
    }
  }
  return { enumValues };
}
