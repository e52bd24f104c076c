// Proof on PostgreSQL 15 of why a type fix a later migration breaks is withheld: the first
// migration as the old fix made it, then the later one, fails with the case's SQLSTATE, while the
// original pair applies. And the fixes still offered beside a later migration apply with it.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/fix.js';
import { lintSql } from '../helpers/lint-sql.js';
import { requireServer, startPostgres, type PgServer, type StartResult } from '../helpers/postgres.js';
import { LATER_CASES, SAFE_LATER } from './later-type-fix.cases.js';

let started: StartResult | undefined;

beforeAll(async () => {
  started = await startPostgres();
});

afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

/** The SQLSTATE the first statement of `later` to fail answers with after `first`, or 'ok'. */
async function applyPair(server: PgServer, first: string, later: string): Promise<string> {
  const client: pg.Client = await server.admin(new URL(await server.createDatabase('later')).pathname.slice(1));
  try {
    await client.query(first);
    return await client.query(later).then(
      () => 'ok',
      (e: { code?: string }) => e.code ?? 'no code',
    );
  } finally {
    await client.end();
  }
}

describe('a type fix a later migration breaks, on PostgreSQL 15', () => {
  for (const c of LATER_CASES) {
    it(`${c.name}: ${c.sqlstate} after the fix, applied without it`, async (ctx) => {
      const server = requireServer(started, ctx);
      expect(await applyPair(server, c.fixed, c.later)).toBe(c.sqlstate);
      expect(await applyPair(server, c.first, c.later)).toBe('ok');
      // What the fix did: the finding's fix, applied to the first migration, gives `fixed`.
      const alone = await lintSql(c.first, { filename: '001_first.sql' });
      const fixes = alone.findings.filter((f) => f.ruleId === c.rule).flatMap((f) => (f.fix ? [f.fix] : []));
      expect(applyFixes(c.first, fixes).text).toBe(c.fixed);
    });
  }

  for (const c of SAFE_LATER) {
    it(`still offered, and applies with the later migration: ${c.name}`, async (ctx) => {
      const server = requireServer(started, ctx);
      const result = await lintSql(c.first, { filename: '001_first.sql', others: { '002_later.sql': c.later } });
      const fixes = result.findings.filter((f) => f.file.endsWith('001_first.sql') && f.fix && !f.fix.breaksLater).flatMap((f) => (f.fix ? [f.fix] : []));
      expect(fixes.length).toBeGreaterThan(0);
      expect(await applyPair(server, applyFixes(c.first, fixes).text, c.later)).toBe('ok');
    });
  }
});
