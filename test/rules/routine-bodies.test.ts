// DDL and DML inside a function or procedure the migration calls, and EXECUTE of constant SQL in
// a DO block, are linted like static SQL of a DO block, with positions where the SQL is written.
import { describe, expect, it } from 'vitest';
import { format } from '../../src/parse-execute.js';
import { lintSql } from '../helpers/lint-sql.js';

async function findings(sql: string, rules: string[]): Promise<string[]> {
  const result = await lintSql(sql, { filename: '001_next.sql', others: { '000_init.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, note text, status text);' } });
  return result.findings
    .filter((f) => f.file.endsWith('001_next.sql') && rules.includes(f.ruleId))
    .map((f) => `${f.start.line}:${f.start.column}-${f.end.line}:${f.end.column} ${f.ruleId}`);
}

describe('routines called in the migration', () => {
  it('a LANGUAGE sql function called by SELECT: each statement of its body, positioned in the body', async () => {
    const sql = ['CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS $$', '  DELETE FROM orders;', '  UPDATE orders SET note = NULL;', '$$;', 'SELECT purge();'].join('\n');
    expect(await findings(sql, ['ban-delete-without-where', 'ban-update-without-where'])).toEqual(['2:15-2:21 ban-delete-without-where', '3:10-3:32 ban-update-without-where']);
  });

  it('a LANGUAGE plpgsql procedure called by CALL', async () => {
    const sql = ['CREATE PROCEDURE tidy() LANGUAGE plpgsql AS $$', 'BEGIN', '  ALTER TABLE orders ALTER COLUMN status SET NOT NULL;', 'END $$;', 'CALL public.tidy();'].join('\n');
    expect(await findings(sql, ['adding-not-nullable-field'])).toEqual(['3:3-3:54 adding-not-nullable-field']);
  });

  it('a BEGIN ATOMIC body is linted once, where it is written', async () => {
    const sql = ['CREATE PROCEDURE wipe() LANGUAGE sql BEGIN ATOMIC', '  DELETE FROM orders;', 'END;', 'CALL wipe();'].join('\n');
    expect(await findings(sql, ['ban-delete-without-where'])).toEqual(['2:15-3:4 ban-delete-without-where']);
  });

  it('a routine defined but not called runs nothing; one called before its definition is not known yet', async () => {
    const sql = ['SELECT purge();', 'CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS $$ DELETE FROM orders $$;', 'CREATE FUNCTION unused() RETURNS void LANGUAGE sql AS $$ DELETE FROM orders $$;'].join('\n');
    expect(await findings(sql, ['ban-delete-without-where'])).toEqual([]);
  });

  it('a schema-qualified call inside a larger SELECT', async () => {
    const sql = ['CREATE FUNCTION app.idx() RETURNS int LANGUAGE sql AS $$ CREATE INDEX orders_note_idx ON orders (note); SELECT 1 $$;', 'SELECT count(*) FROM (SELECT app.idx()) s;'].join('\n');
    expect(await findings(sql, ['require-concurrent-index-creation'])).toEqual(['1:58-1:103 require-concurrent-index-creation']);
  });
});

describe('EXECUTE of constant SQL in a DO block', () => {
  it('format() with constant arguments is resolved and linted at the expression', async () => {
    const sql = ['DO $$', 'BEGIN', "  EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET NOT NULL', 'orders', 'status');", "  EXECUTE 'DELETE FROM ' || 'orders';", 'END $$;'].join('\n');
    expect(await findings(sql, ['adding-not-nullable-field', 'ban-delete-without-where'])).toEqual(['3:11-3:84 adding-not-nullable-field', '4:11-4:37 ban-delete-without-where']);
  });

  it('EXECUTE of a variable or a non-constant argument stays unlinted', async () => {
    const sql = ['DO $$', 'DECLARE t text := current_user;', 'BEGIN', "  EXECUTE format('DELETE FROM %I', t);", "  EXECUTE 'DELETE FROM ' || t;", 'END $$;'].join('\n');
    expect(await findings(sql, ['ban-delete-without-where'])).toEqual([]);
  });

  it('format() quotes like PostgreSQL', () => {
    expect(format('%I.%I %L %s %% %2$s', ['app', 'Orders', "it's", 'x'])).toBe(`app."Orders" 'it''s' x % Orders`);
    expect(format('%s %s', ['a'])).toBeUndefined();
    expect(format('%-10s', ['a'])).toBeUndefined();
  });
});
