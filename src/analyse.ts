// One section through the rules: facts once, then visitor dispatch over every statement
// (and every statement inside a DO block), collecting findings with file positions.
import type { Node } from '@pgsql/types';
import type { AnyRule, ApplyTimeouts, CurrentStatement, ReportDescriptor, RuleContext, Visitor } from './rule.js';
import type { Finding, Migration, ParsedSection, Severity, Span, Statement, TransactionMode } from './types.js';
import type { MigrationFacts, StatementFacts } from './facts/types.js';
import { transactionModel } from './facts/transaction.js';
import { createdObjects } from './facts/objects.js';
import { Catalog, replayStatement } from './facts/schema/index.js';
import { nestedStatements } from './parse-do.js';
import { lockOf } from './facts/locks.js';
import { withLockFacts } from './facts/locks/section.js';
import { lineIndexFor } from './text.js';

export interface ActiveRule {
  rule: AnyRule;
  severity: Severity;
  options: object;
}

export interface AnalysedStatement extends Statement, StatementFacts {}

export interface SectionAnalysis {
  section: 'up' | 'down';
  parsed: ParsedSection;
  transaction: TransactionMode;
  statements: AnalysedStatement[];
  findings: Finding[];
}

export interface AnalyseInput {
  migration: Migration;
  section: 'up' | 'down';
  parsed: ParsedSection;
  fileText: string;
  rules: readonly ActiveRule[];
  pgVersion: number;
  downRequired: boolean;
  /** The schema model before the section; advanced statement by statement. Default: empty. */
  catalog?: Catalog;
  /** The timeouts the apply engine sets (config `apply`). Default: none. */
  applyTimeouts?: ApplyTimeouts;
}

type Handler = (node: unknown, ancestors: readonly Node[]) => void;

const TAG = /^[A-Z]/;

function walk(value: unknown, handlers: Map<string, Handler[]>, ancestors: Node[]): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, handlers, ancestors);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  if (keys.length === 1 && TAG.test(keys[0])) {
    const inner = (value as Record<string, unknown>)[keys[0]];
    const list = handlers.get(keys[0]);
    if (list) for (const handler of list) handler(inner, ancestors);
    ancestors.push(value as Node);
    walk(inner, handlers, ancestors);
    ancestors.pop();
    return;
  }
  for (const key of keys) walk((value as Record<string, unknown>)[key], handlers, ancestors);
}

export function analyseSection(input: AnalyseInput): SectionAnalysis {
  const { parsed, migration, section, fileText } = input;
  const nodes = parsed.statements.map((s) => s.node);
  const model = transactionModel(nodes, parsed.source.wrap);
  const doBlocks = new Map(parsed.statements.filter((s) => s.tag === 'DoStmt').map((s) => [s.index, nestedStatements(s)]));
  const statementFacts = withLockFacts(nodes, model.statements, (i) => (doBlocks.get(i) ?? []).map((n) => n.node), input.pgVersion);
  const objects = createdObjects(nodes);
  const catalog = input.catalog ?? new Catalog();
  const facts: MigrationFacts = {
    statements: statementFacts,
    isTableCreatedEarlier: objects.isTableCreatedEarlier,
    isIndexCreatedEarlier: objects.isIndexCreatedEarlier,
    catalog,
  };
  const statements: AnalysedStatement[] = parsed.statements.map((s, i) => ({ ...s, ...statementFacts[i] }));
  const lines = lineIndexFor({ text: fileText });
  const findings: Finding[] = [];

  const finding = (ruleId: string, severity: Severity, span: Span, statement: number, d: Omit<ReportDescriptor, 'span' | 'location'>): Finding => ({
    file: parsed.source.file,
    ruleId,
    severity,
    message: d.message,
    ...(d.help ? { help: d.help } : {}),
    span,
    start: lines.position(span.start),
    end: lines.position(span.end),
    statement,
    ...(d.fix ? { fix: d.fix } : {}),
  });

  // A finding reported with an explicit span after the last statement (endOfSection) belongs to the statement holding it.
  const statementAt = (offset: number) => statements.find((s) => s.span.start <= offset && offset < s.span.end)?.index ?? -1;

  // Mutable cursor the contexts read: the statement being visited and how to map its locations.
  let current: CurrentStatement | undefined;
  let resolveLocation: (byteLocation: number) => number = (b) => b;

  const tagHandlers = new Map<string, Handler[]>();
  const statementHooks: Array<(s: CurrentStatement) => void> = [];
  const endHooks: Array<() => void> = [];

  for (const active of input.rules) {
    const ctx: RuleContext<object> = {
      options: active.options,
      severity: active.severity,
      pgVersion: input.pgVersion,
      migration,
      section,
      transaction: model.mode,
      facts,
      downRequired: input.downRequired,
      applyTimeouts: input.applyTimeouts ?? {},
      fileText,
      offsetOf: (location: number) => resolveLocation(location),
      get statement(): CurrentStatement {
        if (!current) throw new Error(`rule ${active.rule.meta.id} read ctx.statement outside a statement`);
        return current;
      },
      report(d: ReportDescriptor) {
        const stmt = current;
        let span: Span;
        if (d.span) span = d.span;
        else if (stmt && d.location !== undefined) span = { start: resolveLocation(d.location), end: stmt.span.end };
        else if (stmt) span = stmt.span;
        else span = { start: parsed.source.offset, end: parsed.source.offset };
        if (span.end < span.start) span = { start: span.start, end: span.start };
        findings.push(finding(active.rule.meta.id, active.severity, span, stmt?.index ?? statementAt(span.start), d));
      },
    };
    const visitor: Visitor = active.rule.create(ctx);
    for (const [key, fn] of Object.entries(visitor)) {
      if (typeof fn !== 'function') continue;
      if (key === 'statement') statementHooks.push(fn.bind(visitor));
      else if (key === 'endOfSection') endHooks.push(fn.bind(visitor));
      else {
        const list = tagHandlers.get(key) ?? [];
        list.push(fn.bind(visitor) as Handler);
        tagHandlers.set(key, list);
      }
    }
  }

  const visit = (stmt: CurrentStatement) => {
    for (const hook of statementHooks) hook(stmt);
    if (tagHandlers.size > 0) walk(stmt.node, tagHandlers, []);
  };

  for (const statement of statements) {
    const base = statement.byteBase;
    resolveLocation = (b) => parsed.byteToFileOffset(base + b);
    current = { ...statementFacts[statement.index], node: statement.node, tag: statement.tag, text: statement.text, span: statement.span, nested: false };
    visit(current);
    replayStatement(catalog, statement.node);
    if (statement.tag === 'DoStmt') {
      for (const nested of doBlocks.get(statement.index) ?? []) {
        resolveLocation = nested.toFileOffset;
        current = { ...statementFacts[statement.index], locks: lockOf(nested.node, input.pgVersion), node: nested.node, tag: nested.tag, text: nested.text, span: nested.span, nested: true };
        visit(current);
        replayStatement(catalog, nested.node);
      }
    }
  }
  current = undefined;
  for (const hook of endHooks) hook();

  for (const error of parsed.syntaxErrors) {
    findings.push(
      finding('syntax-error', 'error', { start: error.offset, end: Math.max(error.offset, error.statementSpan.end) }, -1, {
        message: error.message,
      }),
    );
  }
  return { section, parsed, transaction: model.mode, statements, findings };
}
