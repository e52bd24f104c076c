// Every statement kind of the lock table (test/locks.cases.ts), traced by `trace`'s own code on a
// throwaway database: the traced locks and rewrites must be what the lock table claims plus the
// case's documented beyond-text locks, and the differences trace reports must be exactly those.
import { expect } from 'vitest';
import type { LockMode } from '../../src/facts/locks.js';
import { loadParser } from '../../src/parse.js';
import type { Throwaway } from '../../src/verify/throwaway.js';
import { relations } from '../../src/verify/trace-observe.js';
import { traceSection, type TracedStatement } from '../../src/verify/trace-run.js';
import { lintSql } from '../helpers/lint-sql.js';
import { RESET, SETUP, type LockCase } from '../locks.cases.js';
import { catalog, expectedLocks, expectedRewrites, factsFor, type Query } from '../locks.observe.js';

const TABLE_LIKE = new Set(['r', 'p', 'm', 'v', 'f']);
const bare = (name: string) => name.replace(/^public\./, '');

export async function traceCase(t: Throwaway, c: LockCase): Promise<TracedStatement> {
  await loadParser();
  await t.db.exec(RESET + SETUP);
  const lint = await lintSql(c.sql);
  const section = lint.migrations[0]!.up;
  const traced = await traceSection(t, section, await relations(t.db));
  expect(traced.failed).toBeUndefined();
  return traced.statements[0]!;
}

/**
 * Asserts the trace of `c` against the lock table. `seen`: 'all' locks observed, 'moment' (watched
 * while waiting: a subset of them), 'none' (not observable).
 */
export async function checkCase(t: Throwaway, c: LockCase, seen: 'all' | 'moment' | 'none'): Promise<void> {
  await loadParser(); // factsFor parses synchronously
  const query: Query = (sql, params) => t.db.query(sql, params ?? []);
  await t.db.exec(RESET + SETUP);
  const before = await catalog(query);
  const facts = factsFor(c.sql, t.major);
  const s = await traceCase(t, c);
  const beyond = Object.entries(c.beyondText ?? {}).map(([rel, mode]) => `traced: ${mode} on public.${rel}, which the lock table does not list`);
  if (seen !== 'none') {
    expect(s.locks, 'locks observed').toBeDefined();
    const expected = expectedLocks(c, facts, before);
    const traced: Record<string, LockMode> = {};
    for (const l of s.locks ?? []) {
      const rel = before.byName.get(bare(l.relation));
      if (bare(l.relation) in expected || (rel && TABLE_LIKE.has(rel.relkind) && l.mode !== 'ACCESS SHARE')) traced[bare(l.relation)] = l.mode;
    }
    if (seen === 'all') expect(traced).toEqual(expected);
    else for (const [rel, mode] of Object.entries(traced)) expect(expected[rel], rel).toBe(mode);
    expect(s.differences).toEqual(beyond);
  } else {
    expect(s.locks).toBeUndefined();
    expect(s.differences.filter((d) => !d.includes('rewrit'))).toEqual([]);
  }
  if (!c.newEmptyFile) {
    const rewrites = expectedRewrites(c, facts, before);
    const tracedRewrites = new Set(s.rewritten.map(bare));
    const stillThere = new Set([...(await catalog(query)).byName.keys()]);
    for (const [name, rewrites_] of Object.entries(rewrites)) {
      if (stillThere.has(name)) expect(tracedRewrites.has(name), `${name} rewritten`).toBe(rewrites_);
    }
  }
}
