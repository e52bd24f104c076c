// `status` as a deploy gate: exit 0 when every migration is applied or pending, 1 when one
// failed (blocking or not) or drifted — with the line it prints for it.
import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { runApplyCli } from './run-cli.js';
import { copyFixture } from './util.js';

let started: StartResult | undefined;
beforeAll(async () => {
  started = await startPostgres();
}, 60_000);
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
});

async function statusOf(dir: string, url: string) {
  const text = await runApplyCli(['status'], { cwd: dir, env: { DATABASE_URL: url } });
  const json = await runApplyCli(['status', '--format', 'json'], { cwd: dir, env: { DATABASE_URL: url } });
  expect(json.code).toBe(text.code);
  return { code: text.code, lines: text.stdout.split('\n'), counts: (JSON.parse(json.stdout) as { counts: unknown }).counts };
}

describe('status exit code', () => {
  it('0 applied/pending, 1 after a failed migration, 1 after a drifted one', async (ctx) => {
    const server = requireServer(started, ctx);
    for (const [fixture, expectFailed] of [['failing', 'transaction'], ['nontx-fail', 'statements']] as const) {
      const url = await server.createDatabase('status');
      const p = await copyFixture(fixture);
      try {
        const before = await statusOf(p.dir, url);
        expect(before.code).toBe(0);
        expect((await runApplyCli(['apply'], { cwd: p.dir, env: { DATABASE_URL: url } })).code).toBe(1);
        const after = await statusOf(p.dir, url);
        expect(after.code, `${fixture}: a ${expectFailed} migration failed`).toBe(1);
        expect(after.counts).toMatchObject({ applied: 1, failed: 1 });
        expect(after.lines.find((l) => /^002 /.test(l))).toMatch(/failed/);
      } finally {
        p.cleanup();
      }
    }
    const url = await server.createDatabase('status');
    const p = await copyFixture('basic');
    try {
      expect((await runApplyCli(['apply', '--to', '002'], { cwd: p.dir, env: { DATABASE_URL: url } })).code).toBe(0);
      expect((await statusOf(p.dir, url)).code).toBe(0);
      appendFileSync(path.join(p.migrations, '001_create_accounts.up.sql'), '\n-- edited after it was applied\n');
      const drifted = await statusOf(p.dir, url);
      expect(drifted.code).toBe(1);
      expect(drifted.counts).toMatchObject({ applied: 1, drifted: 1, pending: 2 });
      expect(drifted.lines.find((l) => /^001 /.test(l))).toMatch(/drifted/);
    } finally {
      p.cleanup();
    }
  }, 120_000);

  it('a deleted down file is "no down migration", not drift of the up; a changed up still is drift', async (ctx) => {
    const server = requireServer(started, ctx);
    const url = await server.createDatabase('status');
    const p = await copyFixture('basic');
    const env = { DATABASE_URL: url };
    try {
      expect((await runApplyCli(['apply', '--to', '002'], { cwd: p.dir, env })).code).toBe(0);
      rmSync(path.join(p.migrations, '002_create_invoices.down.sql'));
      const st = await statusOf(p.dir, url);
      expect(st.code).toBe(0);
      expect(st.lines.find((l) => /^002 /.test(l))).toMatch(/^002 +create_invoices +applied \(no down migration\) /);
      expect(st.counts).toEqual({ applied: 2, pending: 2, drifted: 0, failed: 0 });
      const down = await runApplyCli(['down'], { cwd: p.dir, env });
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('Refusing to roll back: no down migration for 002 create_invoices; nothing was executed.');
      expect((await runApplyCli(['apply'], { cwd: p.dir, env })).code).toBe(0);

      rmSync(path.join(p.migrations, '001_create_accounts.down.sql'));
      appendFileSync(path.join(p.migrations, '001_create_accounts.up.sql'), '\n-- edited after it was applied\n');
      const changed = await statusOf(p.dir, url);
      expect(changed.code).toBe(1);
      expect(changed.lines.find((l) => /^001 /.test(l))).toMatch(/drifted \(file changed\)/);
    } finally {
      p.cleanup();
    }
  }, 120_000);
});
