// Same-length stand-ins for what a runner substitutes in the text (placeholders, template
// actions), chosen by where the construct sits, so every offset still maps 1:1 to the file:
// - in code, or filling a whole quoted identifier or string literal: the construct's label as a
//   quoted identifier (`"Namespace"`) or string (`'Namespace'`), padded with spaces outside the
//   quotes — every use of one placeholder gets one name, whether it was written bare or quoted;
//   a known value that is a plain identifier replaces it, padded; too short for the quotes: an
//   unquoted `_label` (lower-cased by the parser, as any unquoted name);
// - inside a longer string literal or quoted identifier: its own text with the quote characters
//   swapped, so the literal still closes where it did;
// - in a comment: unchanged;
// - a construct that outputs nothing (a template's `{{ if }}`) or spans lines: spaces.
// Line breaks stay where they are.
import type { RewrittenConstruct } from '../../types.js';
import { SqlContext, sqlContexts } from './sql-context.js';

export interface Construct {
  /** Offsets in the section text. */
  start: number;
  end: number;
  kind: string;
  /** The name rules should see (a placeholder's key); undefined: the construct outputs nothing. */
  label?: string;
  /** Its value, when the runner's config gives it. */
  value?: string;
}

const IDENTIFIER_CHAR = /[\w$\u0080-\uffff"]/;
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface StandIns {
  text: string;
  rewritten: RewrittenConstruct[];
}

/** `text` with each construct replaced by its stand-in; `offset`: the text's offset in the file. */
export function withStandIns(text: string, offset: number, constructs: readonly Construct[]): StandIns {
  if (constructs.length === 0) return { text, rewritten: [] };
  const chars = text.split('');
  // The constructs' own quotes must not open or close anything while contexts are read.
  const masked = [...chars];
  for (const c of constructs) for (let i = c.start; i < c.end; i++) if (!isLineBreak(text[i])) masked[i] = '_';
  const contexts = sqlContexts(masked.join(''));
  for (const c of constructs) {
    const [start, end, replacement] = standIn(text, c, (contexts[c.start] ?? SqlContext.Code) as SqlContext);
    for (let i = start; i < end; i++) chars[i] = isLineBreak(text[i]) ? (text[i] ?? ' ') : (replacement[i - start] ?? ' ');
  }
  const rewritten = constructs.map((c) => ({ span: { start: offset + c.start, end: offset + c.end }, kind: c.kind, text: text.slice(c.start, c.end) }));
  return { text: chars.join(''), rewritten };
}

function standIn(text: string, c: Construct, context: SqlContext): [number, number, string] {
  const original = text.slice(c.start, c.end);
  if (c.label === undefined || /[\r\n]/.test(original)) return [c.start, c.end, ''];
  if (context === SqlContext.Comment) return [c.start, c.end, original];
  const before = text[c.start - 1];
  const after = text[c.end];
  if (context === SqlContext.String || context === SqlContext.QuotedIdentifier) {
    const quote = context === SqlContext.String ? "'" : '"';
    const whole = before === quote && after === quote && text[c.start - 2] !== quote && text[c.end + 1] !== quote;
    if (!whole) return [c.start, c.end, original.replaceAll(quote, quote === "'" ? '"' : "'").replaceAll('\\', '/')];
    return [c.start - 1, c.end + 1, padded(text, c.start - 1, c.end + 1, quoted(c.label, quote), c, quote === '"')];
  }
  return [c.start, c.end, padded(text, c.start, c.end, quoted(c.label, '"'), c, true)];
}

const quoted = (label: string, quote: string) => `${quote}${label.replaceAll(quote, '')}${quote}`;

/** `preferred` in [start, end) with spaces on the side that touches no identifier; else `_label`. */
function padded(text: string, start: number, end: number, preferred: string, c: Construct, identifier: boolean): string {
  const width = end - start;
  const value = identifier && c.value !== undefined && PLAIN_IDENTIFIER.test(c.value) && c.value.length <= width ? c.value : undefined;
  const shown = value ?? preferred;
  const freeBefore = !IDENTIFIER_CHAR.test(text[start - 1] ?? ' ');
  const freeAfter = !IDENTIFIER_CHAR.test(text[end] ?? ' ');
  if (shown.length <= width && (shown.length === width || freeBefore)) return shown.padStart(width, ' ');
  if (shown.length <= width && freeAfter) return shown.padEnd(width, ' ');
  const bare = `_${(c.label ?? '').replace(/[^A-Za-z0-9_]/g, '_')}`;
  return identifier ? bare.padEnd(width, '_').slice(0, width) : `'${'_'.repeat(Math.max(0, width - 2))}'`.slice(0, width);
}

const isLineBreak = (c: string | undefined) => c === '\n' || c === '\r';
