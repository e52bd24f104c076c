import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSection } from '../src/parse.js';
import type { SectionSource } from '../src/types.js';
import { LineIndex } from '../src/text.js';
import { lintSql } from './helpers/lint-sql.js';

const section = (text: string, offset = 0): SectionSource => ({ file: '/virtual/x.sql', text, offset, wrap: 'auto' });

beforeAll(loadParser);

describe('parseSection', () => {
  it('gives each statement its UTF-16 span, from the first token to before the semicolon', () => {
    const text = "-- é日本😀 comment\nSELECT 'é日本😀';\n  /* c */ CREATE TABLE t (a int) ;\n";
    const parsed = parseSection(section(text));
    expect(parsed.statements.map((s) => s.text)).toEqual(["SELECT 'é日本😀'", 'CREATE TABLE t (a int)']);
    for (const s of parsed.statements) expect(text.slice(s.span.start, s.span.end)).toBe(s.text);
    expect(parsed.statements.map((s) => s.tag)).toEqual(['SelectStmt', 'CreateStmt']);
  });

  it('maps spans of a section back into the file', () => {
    const file = '-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n';
    const offset = file.indexOf('-- +goose Down');
    const parsed = parseSection(section(file.slice(offset), offset));
    const lines = new LineIndex(file);
    expect(lines.position(parsed.statements[0].span.start)).toEqual({ line: 4, column: 1 });
  });

  it('recovers after a syntax error: one finding at the position Postgres reports, the rest parsed', () => {
    const text = 'SELECT 1;\nSELEC 2;\nCREATE INDEX i ON t (a);\nSELECT 😀 FROM;\nSELECT 3;';
    const parsed = parseSection(section(text));
    expect(parsed.statements.map((s) => s.tag)).toEqual(['SelectStmt', 'IndexStmt', 'SelectStmt']);
    expect(parsed.syntaxErrors.map((e) => e.message)).toEqual(['syntax error at or near "SELEC"', 'syntax error at or near ";"']);
    const lines = new LineIndex(text);
    expect(parsed.syntaxErrors.map((e) => lines.position(e.offset))).toEqual([
      { line: 2, column: 1 },
      { line: 4, column: 15 },
    ]);
  });

  it('does not split inside quotes, dollar quotes or comments while recovering', () => {
    const text = "SELECT 'a;b';\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n-- ; comment\n/* ; */ SELEC;\nSELECT \"x;y\" FROM t;";
    const parsed = parseSection(section(text));
    expect(parsed.statements.map((s) => s.tag)).toEqual(['SelectStmt', 'CreateFunctionStmt', 'SelectStmt']);
    expect(parsed.syntaxErrors).toHaveLength(1);
  });

  it('reports unterminated quotes with Postgres message', () => {
    const parsed = parseSection(section("SELECT 1;\nSELECT 'abc"));
    expect(parsed.statements).toHaveLength(1);
    expect(parsed.syntaxErrors[0].message).toMatch(/unterminated quoted string/);
  });

  it('accepts empty and comment-only sections without statements or errors', () => {
    for (const text of ['', '   \n', '-- only a comment\n', '/* block */']) {
      const parsed = parseSection(section(text));
      expect(parsed.statements).toEqual([]);
      expect(parsed.syntaxErrors).toEqual([]);
    }
  });
});

describe('lint positions', () => {
  it('puts a syntax error after multibyte text at the right UTF-16 column, CRLF or not', async () => {
    for (const eol of ['\n', '\r\n']) {
      const sql = `-- é 日本 😀${eol}SELECT '😀' AS x; SELECT 1 2;${eol}`;
      const result = await lintSql(sql);
      const errors = result.findings.filter((f) => f.ruleId === 'syntax-error');
      expect(errors).toHaveLength(1);
      expect(errors[0].start).toEqual({ line: 2, column: 28 });
      expect(errors[0].message).toBe('syntax error at or near "2"');
    }
  });

  it('lints the statements of a file that has a syntax error', async () => {
    const result = await lintSql('CREATE TABLE t (a int,);\nCREATE INDEX i ON orders (a);');
    expect(result.findings.map((f) => [f.ruleId, f.start.line])).toEqual([
      ['syntax-error', 1],
      ['require-concurrent-index-creation', 2],
    ]);
  });

  it('reaches statements inside DO blocks and maps their positions into the body', async () => {
    const sql = "DO $$\nBEGIN\n  -- é\n  CREATE INDEX i ON orders (a);\nEND $$;";
    const result = await lintSql(sql);
    const f = result.findings.find((x) => x.ruleId === 'require-concurrent-index-creation');
    expect(f?.start).toEqual({ line: 4, column: 3 });
    expect(f?.fix).toBeUndefined();
  });
});
