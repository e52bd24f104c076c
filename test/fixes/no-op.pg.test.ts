// Proof on PostgreSQL 15 that the fixes no-op.test.ts sees withheld would empty their statements:
// after the setup migration, the fixed statements run without error and leave pg_attribute,
// pg_class and pg_index as they were, while each original statement fails (its intent is a
// change the schema does not have yet).
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { EMPTIED, FIXED, SETUP } from './no-op.cases.js';

let started: StartResult | undefined;

beforeAll(async () => {
  started = await startPostgres();
});

afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

/** Columns, relations and indexes of the public schema, as text. */
async function schemaOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(`
    SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) AS line
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'index ' || indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
    ORDER BY 1`);
  return rows.map((r) => r.line);
}

describe('fixes withheld on PostgreSQL 15: the fixed migration changes nothing', () => {
  it('IF NOT EXISTS on a column, an index and a table the set already has', async (ctx) => {
    const server = requireServer(started, ctx);
    const client = await server.admin(new URL(await server.createDatabase('no-op')).pathname.slice(1));
    try {
      await client.query(SETUP);
      const before = await schemaOf(client);
      expect(before).toContain('users.email character varying(100)');
      for (const statement of FIXED) await client.query(statement);
      expect(await schemaOf(client)).toEqual(before);
      for (const statement of EMPTIED) {
        const code = await client.query(statement).then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        );
        expect(['42701', '42P07']).toContain(code);
      }
    } finally {
      await client.end();
    }
  });
});
