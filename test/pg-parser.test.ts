// src/pg-parser.ts calls libpg-query's WASM itself: it must give what libpg-query's own wrappers
// give (trees, scanner tokens, PL/pgSQL functions, errors and their cursors) for the same text.
import * as libpgQuery from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModule, parsePlPgSQLSync, parseQuery, parseSync, parserLoaded, scanSync } from '../src/pg-parser.js';

beforeAll(async () => {
  await Promise.all([loadModule(), libpgQuery.loadModule()]);
});

const thrown = (f: () => unknown): { message: string; sqlDetails?: { message?: string; cursorPosition?: number } } => {
  try {
    f();
  } catch (error) {
    const { message, sqlDetails } = error as { message: string; sqlDetails?: { message: string; cursorPosition: number } };
    return { message, ...(sqlDetails ? { sqlDetails: { message: sqlDetails.message, cursorPosition: sqlDetails.cursorPosition } } : {}) };
  }
  throw new Error('expected a throw');
};

const queries = [
  'SELECT 1',
  'CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE INDEX CONCURRENTLY i ON t (name);',
  "INSERT INTO t (name) VALUES ('Grüße, 日本語, 🐘');\n-- a comment\nSELECT 'ünïcödé' AS \"Spalte\";",
  'SELECT $$ dollar ; quoted $$; /* block */ SELECT 2',
  Array.from({ length: 200 }, (_, i) => `ALTER TABLE t${i} ADD COLUMN c${i} integer DEFAULT ${i};`).join('\n'),
];

describe('pg-parser', () => {
  it('is loaded', () => {
    expect(parserLoaded()).toBe(true);
  });

  it.each(queries.map((q) => [q.slice(0, 40), q]))('parses %j as libpg-query does', (_, query) => {
    expect(parseSync(query)).toEqual(libpgQuery.parseSync(query));
    expect(parseQuery(query)).toEqual({ tree: libpgQuery.parseSync(query) });
  });

  it.each([['SELECT FROM WHERE'], ['SELECT 1;\nCREATE TABLE ö (;'], ['SELECT /* unterminated'], ['SELECT 🐘 FROM']])('reports the error of %j as libpg-query does', (query) => {
    const expected = thrown(() => libpgQuery.parseSync(query));
    expect(thrown(() => parseSync(query))).toEqual(expected);
    expect(parseQuery(query)).toEqual({ error: expected.sqlDetails });
  });

  it('refuses an empty query as libpg-query does', () => {
    expect(thrown(() => parseSync(''))).toEqual({ message: thrown(() => libpgQuery.parseSync('')).message, sqlDetails: { message: 'Query cannot be empty', cursorPosition: 0 } });
  });

  it('scans as libpg-query does', () => {
    for (const query of queries) expect(scanSync(query)).toEqual(libpgQuery.scanSync(query));
  });

  it('reads PL/pgSQL as libpg-query does, errors included', () => {
    const body = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN UPDATE t SET name = 'é'; END $$;";
    expect(parsePlPgSQLSync(body)).toEqual(libpgQuery.parsePlPgSQLSync(body));
    const broken = 'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN UPDATE; END $$;';
    expect(thrown(() => parsePlPgSQLSync(broken))).toEqual(thrown(() => libpgQuery.parsePlPgSQLSync(broken)));
  });
  it('answers a nesting that overflows the WASM stack with an error, as libpg-query throws one, and parses on after it', () => {
    const deep = `SELECT ${'(SELECT '.repeat(3000)}1${')'.repeat(3000)}`;
    const expected = thrown(() => libpgQuery.parseSync(deep));
    expect(parseQuery(deep)).toEqual({ error: { message: expected.message, cursorPosition: 0 } });
    expect(parseQuery('SELECT 1')).toEqual({ tree: libpgQuery.parseSync('SELECT 1') });
  });

  it('grows its memory past the smaller start (48 MB, src/wasm-starting-memory.ts) for a large input, as libpg-query parses it in 128 MB', () => {
    // 10,000 statements take the memory to ~70 MB.
    const large = Array.from({ length: 10_000 }, (_, i) => `ALTER TABLE t${i} ADD COLUMN c${i} integer DEFAULT ${i};`).join('\n');
    expect(parseSync(large)).toEqual(libpgQuery.parseSync(large));
  });
});
