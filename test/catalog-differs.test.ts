// Catalog.differsFromParent, which the no-op fix check asks of the fixed and the original statement:
// a record added, removed or changed counts; a record copied and left equal does not.
import type { Node } from '@pgsql/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog, replayStatement } from '../src/facts/schema/index.js';
import { parseSync } from '../src/pg-parser.js';
import { loadParser } from '../src/parse.js';

beforeAll(loadParser);

function replay(catalog: Catalog, sql: string): Catalog {
  for (const raw of parseSync(sql).stmts ?? []) replayStatement(catalog, raw.stmt as Node);
  return catalog;
}

const SETUP = "CREATE TABLE t (id bigint PRIMARY KEY, name text); CREATE INDEX t_name_idx ON t (name); CREATE TYPE mood AS ENUM ('ok');";

describe('Catalog.differsFromParent', () => {
  const cases: [string, boolean][] = [
    ['ALTER TABLE t ADD COLUMN note text', true],
    ['ALTER TABLE t ALTER COLUMN name TYPE varchar(10)', true],
    ['ALTER TABLE t ALTER COLUMN name TYPE text', false],
    ['ALTER TABLE t ADD COLUMN IF NOT EXISTS name varchar(10)', false],
    ['ALTER TABLE t DROP COLUMN name, ADD COLUMN name text', true],
    ['CREATE INDEX t_id_idx ON t (id)', true],
    ['CREATE INDEX IF NOT EXISTS t_name_idx ON t (name)', false],
    ['DROP INDEX t_name_idx', true],
    ['ALTER INDEX t_name_idx RENAME TO t_name_idx', false],
    ["ALTER TYPE mood ADD VALUE 'sad'", true],
    ['CREATE TABLE u (id bigint)', true],
    ['DROP TABLE t', true],
    ['CREATE TABLE IF NOT EXISTS t (id int)', false],
  ];
  it.each(cases)('%s: %s', (sql, differs) => {
    const catalog = replay(new Catalog(), SETUP);
    expect(replay(catalog.fork(), sql).differsFromParent()).toBe(differs);
  });
});
