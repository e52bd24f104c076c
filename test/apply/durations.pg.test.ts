// `apply` and `status` print the same duration for a migration: the run reports the value its
// history row records (a transactional migration's row is written before its schema diff and
// COMMIT, which once made `apply` say more than `status`).
import { expect, it } from 'vitest';
import { usePostgres } from '../helpers/use-postgres.js';
import { runApplyCli } from './run-cli.js';
import { copyFixture } from './util.js';

const postgres = usePostgres();

it('apply and status agree on every migration\'s duration, in transaction and statement mode', async (ctx) => {
  const server = postgres(ctx);
  const url = await server.createDatabase('durations');
  const p = await copyFixture('basic');
  try {
    const applied = await runApplyCli(['apply'], { cwd: p.dir, env: { DATABASE_URL: url } });
    expect(applied.code).toBe(0);
    const fromApply = [...applied.stderr.matchAll(/^applied\s+(\d+) \S+\s+(transaction|statements), (.+)$/gm)].map((m) => [m[1], m[3]]);
    expect(fromApply.map(([version]) => version)).toEqual(['001', '002', '003', '004']);
    const status = await runApplyCli(['status'], { cwd: p.dir, env: { DATABASE_URL: url } });
    expect(status.code).toBe(0);
    const fromStatus = [...status.stdout.matchAll(/^(\d{3})\s+\S+\s+applied\s+\S+\s+(\d+(?:\.\d+)? m?s)/gm)].map((m) => [m[1], m[2]]);
    expect(fromStatus).toEqual(fromApply);
  } finally {
    p.cleanup();
  }
});
