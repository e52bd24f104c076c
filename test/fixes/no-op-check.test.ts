// The no-op check (src/fixes/no-op.ts) on its own: the fixed text is the one `lint --fix` writes,
// and the CREATE TABLE answer taken without a parse or replay is the answer of replaying the
// original and the fixed statement, case by case.
import type { Node } from '@pgsql/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog, replayStatement } from '../../src/facts/schema/index.js';
import { applyFixes } from '../../src/fix.js';
import { fixedText, markEmptyingFixes } from '../../src/fixes/no-op.js';
import { parseSync } from '../../src/pg-parser.js';
import { loadParser } from '../../src/parse.js';
import type { Finding, Fix } from '../../src/types.js';

beforeAll(loadParser);

const node = (sql: string): Node => parseSync(sql).stmts![0].stmt as Node;

function modelAfter(setup: string): Catalog {
  const catalog = new Catalog();
  for (const raw of setup ? (parseSync(setup).stmts ?? []) : []) replayStatement(catalog, raw.stmt as Node);
  return catalog;
}

function changes(catalog: Catalog, sql: string): boolean {
  const fork = catalog.fork();
  replayStatement(fork, node(sql));
  return fork.differsFromParent();
}

/** The fix replacing the first `from` of the statement with `to`. */
function replacing(sql: string, from: string, to: string): Fix {
  const start = sql.indexOf(from);
  if (start < 0) throw new Error(`${from} not in ${sql}`);
  return { title: `Use ${to}`, edits: [{ start, end: start + from.length, text: to }] };
}

/** markEmptyingFixes on one statement alone (ASCII, so node locations are offsets). */
function marked(catalog: Catalog, sql: string, fix: Fix): boolean {
  const finding = { fix } as Finding;
  markEmptyingFixes([finding], catalog, { node: node(sql), text: sql, span: { start: 0, end: sql.length } }, (location) => location);
  return fix.emptiesStatement === true;
}

describe('fixedText', () => {
  const statement = { node: { SelectStmt: {} } as Node, text: 'ALTER TABLE t ADD COLUMN c int', span: { start: 100, end: 130 } };
  const at = (offset: number) => 100 + offset;

  it('is the text applyFixes writes, edits at one position included', () => {
    const fixes: Fix[] = [
      { title: 'two inserts at one place', edits: [{ start: at(25), end: at(25), text: 'IF ' }, { start: at(25), end: at(25), text: 'NOT EXISTS ' }] },
      { title: 'insert where a replacement starts', edits: [{ start: at(27), end: at(27), text: '/* was int */ ' }, { start: at(27), end: at(30), text: 'bigint' }] },
      { title: 'a replacement where an insert is', edits: [{ start: at(27), end: at(30), text: 'bigint' }, { start: at(27), end: at(27), text: '/* was int */ ' }] },
    ];
    for (const fix of fixes) {
      const shifted = { ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start - 100, end: e.end - 100 })) };
      expect(fixedText(statement, fix), fix.title).toBe(applyFixes(statement.text, [shifted]).text);
    }
    expect(fixedText(statement, fixes[0])).toBe('ALTER TABLE t ADD COLUMN NOT EXISTS IF c int');
    expect(fixedText(statement, fixes[1])).toBe('ALTER TABLE t ADD COLUMN c /* was int */ bigint');
  });

  it('is undefined for an edit outside the statement', () => {
    expect(fixedText(statement, { title: 'after it', edits: [{ start: at(30), end: at(31), text: ';' }] })).toBeUndefined();
    expect(fixedText(statement, { title: 'before it', edits: [{ start: at(-1), end: at(0), text: '' }] })).toBeUndefined();
  });
});

describe('markEmptyingFixes', () => {
  // [setup, statement, replaced, replacement]: what the model held before, and the fix.
  const cases: [string, string, string, string][] = [
    ['', 'CREATE TABLE t (id integer, name varchar(10))', 'varchar(10)', 'text'],
    ['', 'CREATE UNLOGGED TABLE IF NOT EXISTS app.t (at timestamp)', 'timestamp', 'timestamptz'],
    ['CREATE TABLE p (id int, at timestamp) PARTITION BY RANGE (at)', 'CREATE TABLE p1 PARTITION OF p (id PRIMARY KEY) FOR VALUES FROM (1) TO (2)', 'PRIMARY KEY', 'UNIQUE'],
    ['CREATE TYPE pair AS (a int)', 'CREATE TABLE t OF pair (a WITH OPTIONS NOT NULL)', 'NOT NULL', 'DEFAULT 1'],
    ['SET search_path TO app; CREATE TABLE t (name text)', 'CREATE TABLE t (name varchar(10))', 'varchar(10)', 'text'],
    ['', 'CREATE TEMP TABLE t (name varchar(10))', 'varchar(10)', 'text'],
    // The table exists: decided by replaying both statements.
    ['CREATE TABLE t (id integer, name text)', 'CREATE TABLE t (id integer, name varchar(10))', 'varchar(10)', 'text'],
    ['CREATE TABLE t (id integer, name text)', 'CREATE TABLE IF NOT EXISTS t (id integer, name varchar(10))', 'varchar(10)', 'text'],
    ['CREATE TABLE t (id integer, name text)', 'CREATE TABLE t (id integer, name varchar(10))', 'CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'],
    ['CREATE TABLE t (id integer, name text)', 'ALTER TABLE t ADD COLUMN IF NOT EXISTS name varchar(10)', 'varchar(10)', 'text'],
    ['CREATE TABLE t (id integer, name text)', 'ALTER TABLE t DROP COLUMN name, ADD COLUMN name varchar(10)', 'varchar(10)', 'text'],
    ['CREATE TABLE t (id integer)', 'ALTER TABLE t ADD COLUMN name varchar(10)', 'ADD COLUMN', 'ADD COLUMN IF NOT EXISTS'],
  ];

  it('answers as replaying the original and the fixed statement does', () => {
    const answers = cases.map(([setup, sql, from, to]) => {
      const catalog = modelAfter(setup);
      const fix = replacing(sql, from, to);
      const fixedSql = applyFixes(sql, [fix]).text;
      const replayed = changes(catalog, sql) && !changes(catalog, fixedSql);
      expect(marked(catalog, sql, fix), `${setup} | ${fixedSql}`).toBe(replayed);
      return replayed;
    });
    // Both answers occur: the cases are not all of one kind.
    expect(answers).toContain(true);
    expect(answers).toContain(false);
  });

  it('leaves the model before the statement as it was', () => {
    const catalog = modelAfter('CREATE TABLE t (id integer, name text)');
    expect(marked(catalog, 'CREATE TABLE t (id integer, name varchar(10))', replacing('CREATE TABLE t (id integer, name varchar(10))', 'varchar(10)', 'text'))).toBe(true);
    expect(catalog.table({ relname: 't' })?.columns.get('name')?.type.name).toBe('text');
  });
});
