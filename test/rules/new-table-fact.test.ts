// "New table" means created by this migration and not existing before it: the lock rules stay
// quiet only for those. An earlier migration of the set creates public.users (200k rows in the
// real case); each migration below must still be flagged on it.
import { describe, expect, it } from 'vitest';
import { lintSql } from '../helpers/lint-sql.js';

const EARLIER = { '000_init.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text, age int);' };

async function findings(sql: string): Promise<string[]> {
  const result = await lintSql(sql, { filename: '001_next.sql', others: EARLIER });
  const rules = new Set(['adding-not-nullable-field', 'adding-field-with-default', 'changing-column-type', 'require-concurrent-index-creation', 'adding-foreign-key-constraint']);
  return result.findings.filter((f) => f.file.endsWith('001_next.sql') && rules.has(f.ruleId)).map((f) => `${f.start.line}:${f.start.column}-${f.end.line}:${f.end.column} ${f.ruleId}`);
}

const LATER = [
  'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
  'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
  'ALTER TABLE users ALTER COLUMN age TYPE bigint;',
  'CREATE INDEX users_email_idx ON users (email);',
].join('\n');

const FLAGGED_FROM_LINE_2 = ['2:1-2:50 adding-not-nullable-field', '3:41-3:66 adding-field-with-default', '4:32-4:47 changing-column-type', '5:1-5:46 require-concurrent-index-creation'];

describe('the new-table fact', () => {
  it('CREATE TABLE IF NOT EXISTS on a table an earlier migration created is a no-op: the table is not new', async () => {
    expect(await findings(`CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\n${LATER}`)).toEqual(FLAGGED_FROM_LINE_2);
  });

  it('a table of the same name in another schema does not make public.users new', async () => {
    expect(await findings(`CREATE TABLE archive.users (id bigint);\n${LATER}`)).toEqual(FLAGGED_FROM_LINE_2);
  });

  it('CREATE TABLE AS … IF NOT EXISTS on a known table is a no-op too', async () => {
    expect(await findings(`CREATE TABLE IF NOT EXISTS users AS SELECT 1 AS id;\n${LATER}`)).toEqual(FLAGGED_FROM_LINE_2);
  });

  it('unqualified names follow the search_path the migration sets', async () => {
    const sql = [
      'SET search_path TO archive, public;',
      'CREATE TABLE users (id bigint, email text);',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      "SELECT pg_catalog.set_config('search_path', 'public', false);",
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      'ALTER TABLE archive.users ALTER COLUMN email SET NOT NULL;',
    ].join('\n');
    expect(await findings(sql)).toEqual(['5:1-5:50 adding-not-nullable-field']);
  });

  it('an existing table earlier in the search_path hides a new one later in it', async () => {
    const sql = ['CREATE TABLE archive.users (id bigint, email text);', 'SET search_path = public, archive;', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;'].join('\n');
    expect(await findings(sql)).toEqual(['3:1-3:50 adding-not-nullable-field']);
  });

  it('a table this migration creates is still new: plain, IF NOT EXISTS on an unknown name, dropped and re-created, temporary', async () => {
    const sql = [
      'CREATE TABLE IF NOT EXISTS accounts (id bigint, email text);',
      'ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;',
      'DROP TABLE users;',
      'CREATE TABLE users (id bigint, email text);',
      'CREATE INDEX users_email_idx ON users (email);',
      'CREATE TEMP TABLE age (id bigint);',
      'CREATE INDEX age_idx ON age (id);',
    ].join('\n');
    expect(await findings(sql)).toEqual([]);
  });

  it('CREATE INDEX IF NOT EXISTS on an index an earlier migration created does not make it new', async () => {
    const result = await lintSql('CREATE INDEX IF NOT EXISTS users_pkey ON users (id);\nREINDEX INDEX users_pkey;', { filename: '001_next.sql', others: EARLIER });
    expect(result.findings.filter((f) => f.ruleId === 'require-concurrent-reindex').map((f) => `${f.start.line}:${f.start.column}`)).toEqual(['2:1']);
  });
});
