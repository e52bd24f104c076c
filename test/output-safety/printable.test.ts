import { describe, expect, it } from 'vitest';
import { printable, printableJson } from '../../src/output-safe.js';

/** Any byte a terminal acts on: C0 (tab and newline included), DEL, C1. */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const RAW_CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('printable', () => {
  it('escapes the sequences a hostile migration would use', () => {
    expect(printable('a\x1b]0;pwned\x07b')).toBe('a\\x1b]0;pwned\\x07b');
    expect(printable('\x1b[2J')).toBe('\\x1b[2J');
    expect(printable('x\x1b[1A\x1b[2KAll good, 0 problems')).toBe('x\\x1b[1A\\x1b[2KAll good, 0 problems');
    expect(printable('\x1b[8mhidden')).toBe('\\x1b[8mhidden');
    expect(printable('\u009b2J')).toBe('\\u009b2J');
    expect(printable('del\x7f nul\x00')).toBe('del\\x7f nul\\x00');
  });

  it('escapes tab, newline and carriage return by default, keeps tab and newline on request', () => {
    expect(printable('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    expect(printable('a\tb\nc\rd', { keepLayout: true })).toBe('a\tb\nc\\rd');
  });

  it('leaves ordinary text alone, including non-ASCII letters and backslashes', () => {
    const text = "CREATE TABLE \"zürich_é\" (a text DEFAULT E'\\n'); -- ✓ 日本";
    expect(printable(text)).toBe(text);
    expect(printable('\u00a0\u00ff')).toBe('\u00a0\u00ff');
  });

  it('leaves no raw control character in any input', () => {
    let all = '';
    for (let code = 0; code <= 0xa0; code++) all += String.fromCharCode(code);
    expect(printable(all)).not.toMatch(RAW_CONTROL);
    expect(printable(all, { keepLayout: true }).replace(/[\t\n]/g, '')).not.toMatch(RAW_CONTROL);
  });
});

describe('printableJson', () => {
  it('escapes DEL and the C1 controls JSON.stringify leaves raw, and keeps the value', () => {
    const value = { file: 'a\u009b2J\x7f.sql', message: 'x\x1b]0;pwned\x07 é ✓' };
    const json = printableJson(JSON.stringify(value, null, 2));
    expect(json).not.toMatch(RAW_CONTROL_BUT_LAYOUT);
    expect(json).toContain('a\\u009b2J\\u007f.sql');
    expect(JSON.parse(json)).toEqual(value);
  });
});
