// What a rule is: metadata (plain data other code reads) + create(ctx) returning visitors.
import type * as z from 'zod/mini';
import type { Node } from '@pgsql/types';
import type { Edit, ForeignKeyColumns, Migration, Severity, SeveritySetting, Span, TransactionMode, TypeFixGuard } from './types.js';
import type { MigrationFacts, StatementFacts } from './facts/types.js';
import type { LineIndex } from './text.js';
import type { RunnerFacts } from './runners/facts.js';

export interface RuleDocs {
  problem: string;
  solution: string;
  /** SQL that must trigger the rule (tested). */
  bad: string;
  /** SQL that must not trigger it (tested). */
  good: string;
}

export interface RuleMeta<Options extends object = Record<string, never>> {
  id: string;
  description: string;
  severity: SeveritySetting;
  /** Part of `migrationlint init`'s starter config. */
  recommended: boolean;
  fixable: boolean;
  /** 'builtin' rules are reported by the engine itself; they have no visitors. */
  kind: 'rule' | 'builtin';
  /** zod schema of the options object; defaults come from it. */
  options?: z.ZodMiniType<Options>;
  /** Config the docs examples are linted with (e.g. naming-convention's preset). */
  docsConfig?: { options?: Partial<Options>; pgVersion?: number };
  docs: RuleDocs;
}

/** The node type behind a tag of the Node union: NodeOf<'IndexStmt'> is IndexStmt. */
type NodeTags = Node extends infer N ? (N extends Record<string, unknown> ? keyof N : never) : never;
export type NodeTag = NodeTags & string;
export type NodeOf<T extends NodeTag> = Extract<Node, Record<T, unknown>>[T];

export interface ReportDescriptor {
  message: string;
  help?: string;
  /**
   * Where the finding starts: a node `location` (UTF-8 byte offset as found in the AST of the
   * statement being visited). Default: the start of the statement.
   */
  location?: number;
  /** An explicit UTF-16 span in the file; wins over `location`. */
  span?: Span;
  fix?: { title: string; edits: Edit[] };
  /** The finding no longer holds once a later migration of the set indexes these columns or drops the foreign key. */
  withdrawnByIndex?: ForeignKeyColumns;
  /** The fix changes this column's type: withheld when a later migration of the set needs the old one. */
  typeFixGuard?: TypeFixGuard;
}

/** The statement being visited, with its facts. */
export interface CurrentStatement extends StatementFacts {
  node: Node;
  tag: string;
  text: string;
  span: Span;
  /** True for statements found inside a DO block's PL/pgSQL body. */
  nested: boolean;
}

export interface RuleContext<Options extends object = Record<string, never>> {
  readonly options: Options;
  readonly severity: Severity;
  readonly pgVersion: number;
  readonly migration: Migration;
  readonly section: 'up' | 'down';
  readonly transaction: TransactionMode;
  readonly facts: MigrationFacts;
  /** The set-level fact: does any migration of the set have a down? (config `down` applied) */
  readonly downRequired: boolean;
  /** The runner of the migration: its transaction model for this section, how to say it, its opt-out, the timeouts it sets. */
  readonly runner: RunnerFacts;
  /** The statement currently visited (valid inside handlers). */
  readonly statement: CurrentStatement;
  /** The full text of the file the section belongs to. */
  readonly fileText: string;
  /** Offsets ↔ lines of fileText (built once per file). */
  readonly lines: LineIndex;
  /** The UTF-16 offset in the file of a node `location` of the statement being visited (for fix edits). */
  offsetOf(location: number): number;
  report(descriptor: ReportDescriptor): void;
}

type TagHandlers = { [T in NodeTag]?: (node: NodeOf<T>, ancestors: readonly Node[]) => void };

export interface Visitor extends TagHandlers {
  /** Called for each top-level statement (and each statement of a DO block) before its nodes; only for `statementTags` when given. */
  statement?(statement: CurrentStatement): void;
  /**
   * The statement kinds (`CurrentStatement.tag`: 'IndexStmt', 'AlterTableStmt' …) `statement` is
   * called for; without it, every statement. Like the handlers, the same for every section.
   */
  statementTags?: readonly NodeTag[];
  /** Called after each statement's nodes went through the handlers (ctx.statement is still that statement). */
  endOfStatement?(): void;
  /** Called once after the last statement of the section. */
  endOfSection?(): void;
}

export interface Rule<Options extends object = Record<string, never>> {
  meta: RuleMeta<Options>;
  create(ctx: RuleContext<Options>): Visitor;
}

/** Identity helper so TypeScript checks a rule's options against its handlers. */
export function defineRule<Options extends object = Record<string, never>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

// Method parameters are bivariant, so every Rule<Options> is a Rule<object>.
export type AnyRule = Rule<object>;
