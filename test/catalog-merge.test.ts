// Catalog.mergeIntoParent (the fix check merges back the layer of a migration with no fix): the
// parent then reads exactly as the layer did — records, their order, bare-name lookups — and goes
// on changing as the layer would have, while the catalog under it stays as it was.
import type { Node } from '@pgsql/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog, DEFAULT_SEARCH_PATH, replayStatement } from '../src/facts/schema/index.js';
import { parseSync } from '../src/pg-parser.js';
import { loadParser } from '../src/parse.js';

beforeAll(loadParser);

function replay(catalog: Catalog, sql: string): Catalog {
  for (const raw of parseSync(sql).stmts ?? []) replayStatement(catalog, raw.stmt as Node);
  return catalog;
}

const text = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v));

/** Everything a reader of the catalog sees, in the order it sees it. */
function reads(catalog: Catalog) {
  const records = catalog.records();
  // Bare names looked up without the search_path: by the order of the objects of that name.
  const bareView = catalog.fork();
  bareView.searchPath = DEFAULT_SEARCH_PATH;
  return {
    tables: records.tables.map(text),
    indexes: records.indexes.map(([index, owner]) => `${text(index)} on ${owner?.schema}.${owner?.name}`),
    enums: records.enums.map(text),
    functions: records.functions.map(text),
    domains: records.domains.map(text),
    run: text(records.run),
    searchPath: catalog.searchPath,
    bare: ['users', 'orders', 'orders2', 'accounts'].map((name) => text(bareView.table({ relname: name }))),
    index: ['orders_note_idx', 'orders_total_idx', 'users_pkey'].map((name) => text(catalog.index(name))),
    enum: text(catalog.enumType('mood')),
    function: text(catalog.function('touch')),
    domain: text(catalog.domain('positive')),
    exists: [catalog.relationExists('a', 'users'), catalog.relationExists('c', 'users'), catalog.relationExists('public', 'orders_note_idx')],
  };
}

const GRANDPARENT = `
  CREATE SCHEMA a; CREATE SCHEMA b; CREATE SCHEMA c;
  CREATE TABLE a.users (id bigint PRIMARY KEY, name text);
  CREATE TABLE orders (id bigint PRIMARY KEY, note text, total int);
  CREATE INDEX orders_note_idx ON orders (note);
  CREATE TYPE mood AS ENUM ('sad', 'ok');
  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;`;
const PARENT = `
  CREATE TABLE b.users (id bigint PRIMARY KEY);
  ALTER TABLE orders ADD COLUMN placed_at timestamptz;
  CREATE TABLE accounts (id bigint);`;
const LAYER = `
  DROP TABLE a.users;
  CREATE TABLE c.users (id bigint, email text);
  CREATE TABLE a.users (id int);
  ALTER TABLE orders RENAME TO orders2;
  ALTER INDEX orders_note_idx RENAME TO orders_total_idx;
  CREATE INDEX orders_note_idx ON orders2 (total);
  ALTER TYPE mood ADD VALUE 'happy';
  DROP FUNCTION touch();
  CREATE DOMAIN positive AS int CHECK (VALUE > 0);
  DROP TABLE accounts;
  SET search_path TO c, public;`;
const AFTER = `
  ALTER TABLE users ADD COLUMN age int;
  DROP TABLE b.users;
  ALTER TABLE orders2 DROP COLUMN note;
  CREATE TABLE accounts (id bigint, owner text);`;

describe('Catalog.mergeIntoParent', () => {
  it('leaves the parent reading as the layer did, and changing as it would have', () => {
    const grandparent = replay(new Catalog(), GRANDPARENT);
    const parent = replay(grandparent.fork(), PARENT);
    const underneath = reads(grandparent);
    const layer = replay(parent.fork(), LAYER);
    const expected = reads(layer);
    // flatten() keeps records only: a section sets its own search_path.
    const flat = layer.flatten();
    flat.searchPath = layer.searchPath;

    expect(layer.mergeIntoParent()).toBe(parent);
    expect(reads(parent)).toEqual(expected);
    expect(reads(grandparent)).toEqual(underneath);

    replay(parent, AFTER);
    replay(flat, AFTER);
    expect(reads(parent)).toEqual(reads(flat));
    expect(reads(parent)).not.toEqual(expected);
    expect(reads(grandparent)).toEqual(underneath);
  });
});
