// trace on PGlite (PostgreSQL 18): every statement kind of the lock table, traced by trace's own
// code in the transaction mode it gets. PGlite has one session: statements that cannot run in a
// transaction (CONCURRENTLY, VACUUM) run, but their locks are not observable (rewrites are).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openThrowaway, type Throwaway } from '../../src/verify/throwaway.js';
import { trace } from '../../src/verify/trace.js';
import { makeProject } from './project.js';
import { CASES } from '../locks.cases.js';
import { checkCase, traceCase } from './trace-cases.js';

let t: Throwaway;

beforeAll(async () => {
  t = await openThrowaway({});
});

afterAll(async () => {
  await t?.close();
});

describe('trace on PGlite', () => {
  it('is PostgreSQL 18 on PGlite', () => {
    expect(t.kind).toBe('pglite');
    expect(t.major).toBe(18);
  });

  for (const c of CASES.filter((x) => !x.pgOnly)) {
    it(c.sql, async () => {
      await checkCase(t, c, c.concurrent ? 'none' : 'all');
    });
  }

  it('says why the locks of a statement that cannot run in a transaction are not observed', async () => {
    const s = await traceCase(t, { sql: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)' });
    expect(s.observation).toBe('not-observable');
    expect(s.indexesBuilt).toEqual(['public.orders_customer_idx']);
  });
});

describe('trace of a migration after its predecessors (found in the corpus)', () => {
  it('reports what only the catalog knows: partitions, a missing trigger, the table a foreign key references', async () => {
    const project = makeProject({
      '001_schema.sql':
        "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, at date, user_id bigint CONSTRAINT events_user_fk REFERENCES users) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n",
      '002_change.sql': '-- migrationlint-ignore-file require-concurrent-index-creation, require-concurrent-index-deletion -- test\nCREATE INDEX events_at_idx ON events (at);\nDROP TRIGGER IF EXISTS gone ON users;\nALTER TABLE events DROP CONSTRAINT events_user_fk;\n',
    });
    try {
      const r = await trace({ cwd: project.dir, config: project.config, target: 'migrations/002_change.sql' });
      expect([r.version, r.section, r.transaction, r.replayed]).toEqual(['002', 'up', 'wrapped', 1]);
      expect(r.statements.map((st) => [st.line, st.differences])).toEqual([
        [2, ['traced: SHARE on public.events_2024, which the lock table does not list']],
        [3, ['lock table: ACCESS EXCLUSIVE on public.users; traced: no new lock']],
        [4, ['traced: ACCESS EXCLUSIVE on public.events_2024, which the lock table does not list', 'traced: ACCESS EXCLUSIVE on public.users, which the lock table does not list']],
      ]);
      expect(r.statements[0]!.indexesBuilt).toEqual(['public.events_2024_at_idx', 'public.events_at_idx']);
      expect(r.findings.map((f) => [f.ruleId, f.severity, f.start.line])).toEqual([
        ['lock-table-mismatch', 'warning', 2],
        ['lock-table-mismatch', 'warning', 3],
        ['lock-table-mismatch', 'warning', 4],
      ]);
      expect(r.findings[0]!.message).toMatch(/^Traced on PGlite \(PostgreSQL 18\.\d+, in memory\), this statement differs from the static lock table: traced: SHARE on public\.events_2024, which the lock table does not list\.$/);
    } finally {
      project.remove();
    }
  });
});
