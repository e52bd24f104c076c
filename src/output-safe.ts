// Text from files, identifiers and database messages made safe to write to a terminal or a CI log:
// control characters (C0, DEL, C1 — ESC and the 8-bit CSI among them) become visible escapes, so a
// hostile migration cannot retitle a window, clear the screen, rewrite earlier lines or hide text.

/** Every C0 control character, DEL and every C1 control character. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** The same without tab and newline, which a code frame or a multi-line message keeps. */
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** What JSON.stringify leaves raw inside strings: DEL and the C1 controls (it escapes only C0). */
const LEFT_RAW_BY_JSON = /[\u007f-\u009f]/g;

const SHORT: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visibleEscape(ch: string): string {
  const short = SHORT[ch];
  if (short) return short;
  const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
  return ch.charCodeAt(0) < 0x80 ? `\\x${hex}` : `\\u00${hex}`;
}

export interface PrintableOptions {
  /** Keep tab and newline (code frames, multi-line messages); every other control character is escaped. */
  keepLayout?: boolean;
}

/**
 * `text` with its control characters replaced by visible escapes (`\x1b`, `\u009b`, `\n`).
 * Apply it to anything that came from outside (file names, SQL, identifiers, database messages)
 * before it reaches a human-readable output; JSON and SARIF are escaped by JSON itself.
 */
export function printable(text: string, options: PrintableOptions = {}): string {
  return text.replace(options.keepLayout ? CONTROL_BUT_LAYOUT : CONTROL, visibleEscape);
}

/**
 * JSON text (from JSON.stringify) with DEL and C1 controls written as `\u009b` escapes: the same
 * JSON value, and no raw 8-bit CSI for a terminal that shows the report. Outside strings JSON
 * holds only ASCII, so every match is inside a string.
 */
export function printableJson(json: string): string {
  return json.replace(LEFT_RAW_BY_JSON, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`);
}
