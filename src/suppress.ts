// Suppression comments:
//   -- migrationlint-ignore rule-a, rule-b -- reason      (the next statement, or the one on this line)
//   -- migrationlint-ignore-file rule-a -- reason         (the whole file)
//   -- squawk-ignore rule-a, rule-b / -- squawk-ignore-file rule-a   (squawk's, for the rules we share)
// Suppressed findings are kept and marked; unused and unknown suppressions are findings
// (not for squawk's comments: they belong to another tool, which may know other rules).
import { scanSync } from './pg-parser.js';
import type { Finding, Span } from './types.js';
import { LineIndex } from './text.js';
import { byteToUtf16Mapper } from './text.js';
import { rulesForSquawkId, squawkSharedRuleIds } from './squawk-ids.js';

export interface Suppression {
  kind: 'statement' | 'file';
  /** Whose comment it is: ours, or squawk's (ids already mapped to ours). */
  source: 'migrationlint' | 'squawk';
  /** Rule ids; empty means every rule. */
  rules: string[];
  reason?: string;
  /** The text after `--` when it is a placeholder such as `<why is this safe?>`, not a reason. */
  placeholder?: string;
  /** UTF-16 span of the comment in the file. */
  span: Span;
  /** Span of the statement it applies to (statement kind), resolved by `applySuppressions`. */
  target?: Span;
}

const MARKER = /(?:migrationlint|squawk)-ignore(-file)?\b/;

/**
 * What the editor's "Ignore" quick fix writes after `--`: text wholly in angle brackets is a
 * blank to fill in, so it is not a reason (apply still refuses the suppressed error).
 */
export const REASON_PLACEHOLDER = '<why is this safe?>';
const PLACEHOLDER = /^<[^<>]*>$/;
const DIRECTIVE = /^(?:--|\/\*)\s*(migrationlint|squawk)-ignore(-file)?(?=\s|$|\*\/)([\s\S]*?)(?:\*\/)?\s*$/;

export interface Comment {
  start: number;
  /** As SQL writes it (`--`, `/* *\/`). */
  text: string;
  /** Where it ends in the file, when the text is not the file's own (a host comment read as `--`). */
  end?: number;
}

/** Comments of SQL text: from the Postgres scanner, or a line scan when the scanner fails. */
export function comments(text: string): Comment[] {
  try {
    const toUtf16 = byteToUtf16Mapper(text);
    return scanSync(text)
      .tokens.filter((t) => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT')
      .map((t) => ({ start: toUtf16(t.start), text: t.text }));
  } catch {
    const found: Comment[] = [];
    const re = /--[^\n]*/g;
    for (let m = re.exec(text); m; m = re.exec(text)) found.push({ start: m.index, text: m[0] });
    return found;
  }
}

/** `found`: the file's comments when it is not SQL (an ORM migration's host comments and the SQL comments in its literals). */
/** Could the text hold a suppression comment? (false: it holds none) */
export function mayHoldSuppressions(text: string): boolean {
  return MARKER.test(text);
}

export function parseSuppressions(text: string, found?: () => readonly Comment[]): Suppression[] {
  if (!mayHoldSuppressions(text)) return [];
  const result: Suppression[] = [];
  for (const comment of found ? found() : comments(text)) {
    const match = DIRECTIVE.exec(comment.text.trim());
    if (!match) continue;
    const body = match[3];
    const dash = body.indexOf('--');
    const ruleText = (dash < 0 ? body : body.slice(0, dash)).trim();
    const afterDash = dash < 0 ? undefined : body.slice(dash + 2).trim() || undefined;
    const placeholder = afterDash !== undefined && PLACEHOLDER.test(afterDash) ? afterDash : undefined;
    const reason = placeholder ? undefined : afterDash;
    const kind = match[2] ? 'file' : 'statement';
    const source = match[1] === 'squawk' ? 'squawk' : 'migrationlint';
    let rules = ruleText.split(/[\s,]+/).filter(Boolean);
    if (source === 'squawk') {
      // squawk: a bare squawk-ignore-file silences every rule, a bare squawk-ignore none.
      if (rules.length === 0 && kind === 'statement') continue;
      rules = rules.length === 0 ? squawkSharedRuleIds() : [...new Set(rules.flatMap(rulesForSquawkId))];
      if (rules.length === 0) continue;
    }
    const trimmedLength = comment.text.replace(/\s+$/, '').length;
    result.push({
      kind,
      source,
      rules,
      ...(reason ? { reason } : {}),
      ...(placeholder ? { placeholder } : {}),
      span: { start: comment.start, end: comment.end ?? comment.start + trimmedLength },
    });
  }
  return result;
}

/**
 * The statement a statement-level suppression applies to: one that contains the comment, or
 * ends on the comment's line before it, else the next statement after it.
 */
function targetOf(comment: Span, statements: readonly Span[], lines: LineIndex): Span | undefined {
  const line = lines.position(comment.start).line;
  for (const s of statements) {
    if (s.start <= comment.start && comment.start < s.end) return s;
    if (s.end <= comment.start && lines.position(Math.max(s.start, s.end - 1)).line === line) return s;
  }
  let next: Span | undefined;
  for (const s of statements) {
    if (s.start >= comment.end && (!next || s.start < next.start)) next = s;
  }
  return next;
}

export interface SuppressionOutcome {
  /** Suppressions with their targets resolved, and which rule ids each one actually used. */
  suppressions: Array<Suppression & { used: Set<string> }>;
}

/**
 * Marks findings as suppressed in place. `statements` are the spans of every statement of the
 * file (all sections). Syntax errors cannot be suppressed.
 */
export function applySuppressions(
  text: string,
  findings: Finding[],
  statements: readonly Span[],
  suppressions: readonly Suppression[],
): SuppressionOutcome {
  const lines = new LineIndex(text);
  const resolved = suppressions.map((s) => ({
    ...s,
    ...(s.kind === 'statement' ? { target: targetOf(s.span, statements, lines) } : {}),
    used: new Set<string>(),
  }));
  for (const finding of findings) {
    if (finding.ruleId === 'syntax-error') continue;
    for (const s of resolved) {
      if (s.rules.length > 0 && !s.rules.includes(finding.ruleId)) continue;
      if (s.kind === 'statement') {
        if (!s.target || finding.span.start < s.target.start || finding.span.start >= Math.max(s.target.end, s.target.start + 1)) continue;
      }
      finding.suppressed = s.reason ? { reason: s.reason } : {};
      s.used.add(finding.ruleId);
      break;
    }
  }
  return { suppressions: resolved };
}
