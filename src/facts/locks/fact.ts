// The lock fact: which relation a statement locks, in which mode, and what that costs.
import type { RangeVar } from '@pgsql/types';
import { blocksReads, blocksWrites, LOCK_MODES, strongest, type LockMode } from './modes.js';

/**
 * What the name in the statement stands for:
 * - 'relation': the named table, partition, view, materialized view or sequence;
 * - 'index': the named index;
 * - 'table of index': the table the named index belongs to (the statement does not name it);
 * - 'indexes of table': every index of the named table.
 */
export type LockedKind = 'relation' | 'index' | 'table of index' | 'indexes of table';

/** A RangeVar-compatible name, so it can be passed to `facts.isTableCreatedEarlier`. */
export interface LockedRelation {
  schemaname?: string;
  relname: string;
  kind: LockedKind;
}

/**
 * Whether the relation's data is written anew (a new relfilenode, every row copied):
 * true / false, or a condition the statement's text alone cannot settle.
 */
export type Rewrite =
  | boolean
  | 'unless-binary-coercible' // ALTER COLUMN TYPE: not when the old type is binary-coercible to the new
  | 'if-volatile-default' // ADD COLUMN … DEFAULT f(): only when f is volatile
  | 'unless-unchanged'; // SET LOGGED / UNLOGGED / ACCESS METHOD / TABLESPACE: not when already so

export interface LockFact {
  relation: LockedRelation;
  mode: LockMode;
  rewrite: Rewrite;
  /** Reads every row while holding the lock (validation, index build, SET NOT NULL …). */
  scan: boolean;
  /** Conflicts with SELECT's ACCESS SHARE. */
  blocksReads: boolean;
  /** Conflicts with INSERT/UPDATE/DELETE's ROW EXCLUSIVE. */
  blocksWrites: boolean;
  /** What takes it, in SQL words: 'ADD COLUMN', 'CREATE INDEX', 'FOREIGN KEY (referenced table)' … */
  operation: string;
}

export interface LockSpec {
  mode: LockMode;
  rewrite?: Rewrite;
  scan?: boolean;
  operation: string;
}

export function relationOf(rv: RangeVar | undefined, kind: LockedKind = 'relation'): LockedRelation | undefined {
  if (!rv?.relname) return undefined;
  // Two literals, not `{ ...(schema ? { schemaname } : {}), relname }`: V8 adds a property after a spread slowly.
  return rv.schemaname ? { schemaname: rv.schemaname, relname: rv.relname, kind } : { relname: rv.relname, kind };
}

/** ['schema', 'name'] or ['name'] (a DropStmt/CommentStmt object) → a relation name. */
export function relationFromNames(names: readonly string[], kind: LockedKind = 'relation'): LockedRelation | undefined {
  const relname = names[names.length - 1];
  if (!relname) return undefined;
  const schemaname = names.length > 1 ? names[names.length - 2] : undefined;
  return schemaname ? { schemaname, relname, kind } : { relname, kind };
}

export function lockFact(relation: LockedRelation, spec: LockSpec): LockFact {
  return {
    relation,
    mode: spec.mode,
    rewrite: spec.rewrite ?? false,
    scan: spec.scan ?? false,
    blocksReads: blocksReads(spec.mode),
    blocksWrites: blocksWrites(spec.mode),
    operation: spec.operation,
  };
}

const REWRITE_ORDER: readonly Rewrite[] = [false, 'unless-unchanged', 'if-volatile-default', 'unless-binary-coercible', true];

function combineRewrite(a: Rewrite, b: Rewrite): Rewrite {
  return REWRITE_ORDER.indexOf(a) >= REWRITE_ORDER.indexOf(b) ? a : b;
}

export const relationKey = (r: LockedRelation): string => `${r.kind}\u0000${r.schemaname ?? ''}\u0000${r.relname}`;

/**
 * Collects locks per relation: several subcommands (or mentions) of one statement on the same
 * relation hold the strongest of their modes, and the union of their costs.
 */
export class LockCollector {
  private readonly byRelation = new Map<string, LockFact>();

  add(relation: LockedRelation | undefined, spec: LockSpec): void {
    if (!relation) return;
    const key = relationKey(relation);
    const next = lockFact(relation, spec);
    const prev = this.byRelation.get(key);
    if (!prev) {
      this.byRelation.set(key, next);
      return;
    }
    const mode = strongest(prev.mode, next.mode);
    const operations = prev.operation.split(', ');
    this.byRelation.set(key, {
      ...lockFact(relation, { mode, operation: operations.includes(next.operation) ? prev.operation : `${prev.operation}, ${next.operation}` }),
      rewrite: combineRewrite(prev.rewrite, next.rewrite),
      scan: prev.scan || next.scan,
    });
  }

  facts(): LockFact[] {
    return [...this.byRelation.values()].sort((a, b) => LOCK_MODES.indexOf(b.mode) - LOCK_MODES.indexOf(a.mode));
  }
}
