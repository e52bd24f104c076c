// The lock table's claims no server here can check (older PostgreSQL versions, conditions only a
// catalog could settle), the lock modes' conflict table, and the session timeouts fact.
import { parseSync } from '../src/pg-parser.js';
import type { Node } from '@pgsql/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../src/parse.js';
import { sessionTimeouts } from '../src/facts/locks/settings.js';
import { conflicts, lockModeFromPgLocks, LOCK_MODES } from '../src/facts/locks.js';
import { factsFor } from './locks.observe.js';

const claim = (sql: string, pgVersion = 16) =>
  factsFor(sql, pgVersion).map((f) => ({ on: `${f.relation.kind}:${f.relation.relname}`, mode: f.mode, rewrite: f.rewrite, scan: f.scan }));

beforeAll(() => loadParser());

describe('lockOf', () => {
  const cases: Array<[string, number, ReturnType<typeof claim>]> = [
    ["ALTER TABLE t ADD COLUMN c text DEFAULT 'x'", 10, [{ on: 'relation:t', mode: 'ACCESS EXCLUSIVE', rewrite: true, scan: false }]],
    ["ALTER TABLE t ADD COLUMN c text DEFAULT 'x'", 11, [{ on: 'relation:t', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: false }]],
    ['ALTER TABLE t ADD COLUMN c int DEFAULT my_func()', 16, [{ on: 'relation:t', mode: 'ACCESS EXCLUSIVE', rewrite: 'if-volatile-default', scan: false }]],
    ['ALTER TABLE t ADD COLUMN c int NOT NULL', 16, [{ on: 'relation:t', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: true }]],
    ['ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (a * 2) VIRTUAL', 18, [{ on: 'relation:t', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: false }]],
    ["ALTER TABLE p ATTACH PARTITION c FOR VALUES IN (1)", 11, [{ on: 'relation:p', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: false }, { on: 'relation:c', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: true }]],
    ['ALTER INDEX i RENAME TO j', 11, [{ on: 'index:i', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: false }]],
    ['ALTER TABLE t SET (fillfactor = 70, security_barrier = true)', 16, [{ on: 'relation:t', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: false }]],
    ['VACUUM (FULL false) t', 16, [{ on: 'relation:t', mode: 'SHARE UPDATE EXCLUSIVE', rewrite: false, scan: true }]],
    ['REFRESH MATERIALIZED VIEW mv WITH NO DATA', 16, [{ on: 'relation:mv', mode: 'ACCESS EXCLUSIVE', rewrite: true, scan: false }]],
    ['LOCK TABLE a, app.b IN ROW EXCLUSIVE MODE', 16, [{ on: 'relation:a', mode: 'ROW EXCLUSIVE', rewrite: false, scan: false }, { on: 'relation:b', mode: 'ROW EXCLUSIVE', rewrite: false, scan: false }]],
    ['WITH src AS (SELECT * FROM staging) INSERT INTO t SELECT * FROM src', 16, [{ on: 'relation:t', mode: 'ROW EXCLUSIVE', rewrite: false, scan: false }, { on: 'relation:staging', mode: 'ACCESS SHARE', rewrite: false, scan: false }]],
    ['DELETE FROM t', 16, [{ on: 'relation:t', mode: 'ROW EXCLUSIVE', rewrite: false, scan: true }]],
    ['DROP POLICY p ON app.t', 16, [{ on: 'relation:t', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: false }]],
    ['CREATE VIEW v AS SELECT * FROM t', 16, []],
  ];
  for (const [sql, pgVersion, expected] of cases) {
    it(`${sql} (pg ${pgVersion})`, () => {
      expect(claim(sql, pgVersion)).toEqual(expected);
    });
  }

  it('merges the subcommands of one ALTER TABLE per relation: strongest mode, union of costs', () => {
    expect(claim('ALTER TABLE t ALTER COLUMN a SET STATISTICS 100, ADD COLUMN c int DEFAULT random(), VALIDATE CONSTRAINT k')).toEqual([
      { on: 'relation:t', mode: 'ACCESS EXCLUSIVE', rewrite: true, scan: true },
    ]);
    expect(factsFor('ALTER TABLE t ALTER COLUMN a SET STATISTICS 100, VALIDATE CONSTRAINT k', 16)[0].operation).toBe('SET STATISTICS, VALIDATE CONSTRAINT');
  });
});

describe('lock modes', () => {
  it("follow PostgreSQL's conflict table, which is symmetric", () => {
    for (const a of LOCK_MODES) for (const b of LOCK_MODES) expect(conflicts(a, b)).toBe(conflicts(b, a));
    expect(LOCK_MODES.filter((m) => conflicts('SHARE', m))).toEqual(['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);
    expect(LOCK_MODES.filter((m) => conflicts('ROW SHARE', m))).toEqual(['EXCLUSIVE', 'ACCESS EXCLUSIVE']);
  });

  it("read pg_locks' names", () => {
    expect(lockModeFromPgLocks('ShareUpdateExclusiveLock')).toBe('SHARE UPDATE EXCLUSIVE');
    expect(lockModeFromPgLocks('AccessShareLock')).toBe('ACCESS SHARE');
    expect(lockModeFromPgLocks('SIReadLock')).toBeUndefined();
  });
});

describe('session timeouts', () => {
  const timeouts = (sql: string, inTransaction: boolean) => {
    const nodes = (parseSync(sql).stmts ?? []).map((s) => s.stmt as Node);
    return sessionTimeouts(nodes, nodes.map(() => inTransaction)).map((t) => [t.lockTimeoutSet, t.statementTimeoutSet]);
  };

  it('counts a non-zero value set before the statement, by SET or set_config', () => {
    expect(timeouts("SET lock_timeout = '5s';\nSELECT set_config('statement_timeout', '1min', false);\nSELECT 1;", false)).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);
  });

  it('takes 0, 0ms, DEFAULT and RESET as no timeout', () => {
    const sql = "SET lock_timeout = '1s';\nSET lock_timeout = 0;\nSET lock_timeout = '2s';\nSET lock_timeout = '0ms';\nSET lock_timeout = '3s';\nSET lock_timeout TO DEFAULT;\nSET lock_timeout = '4s';\nRESET ALL;\nSELECT 1;";
    expect(timeouts(sql, false).map(([lock]) => lock)).toEqual([false, true, false, true, false, true, false, true, false]);
  });

  it('keeps SET LOCAL and set_config(…, true) only inside a transaction', () => {
    const sql = "SET LOCAL lock_timeout = '5s';\nSELECT set_config('statement_timeout', '1s', true);\nSELECT 1;";
    expect(timeouts(sql, false)).toEqual([[false, false], [false, false], [false, false]]);
    expect(timeouts(sql, true)).toEqual([[false, false], [true, false], [true, true]]);
  });
});
