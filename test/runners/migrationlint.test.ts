// migrationlint's own engine: its layouts, and the per-file `-- migrationlint:no-transaction`
// directive honoured by lint and by the apply engine.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../src/apply/engine.js';
import { loadConfig } from '../../src/config.js';
import { openPglite, resetPglite } from '../helpers/pglite.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('migrationlint');

describe('migrationlint runner', () => {
  it('reads sections, plain files, up/down directories and files; the directive turns the transaction off', async () => {
    const set = await readRunnerSet('migrationlint', ['migrations']);
    expect(rows(set, dir)).toEqual([
      ['001_create_orders', 'migrationlint', 'sections', 'auto', 'auto', 'migrations/001_create_orders.sql', 'migrations/001_create_orders.sql'],
      ['002_backfill_status', 'migrationlint', 'plain', 'none', null, 'migrations/002_backfill_status.sql', null],
      ['003_backfill_again', 'migrationlint', 'plain', 'auto', null, 'migrations/003_backfill_again.sql', null],
      ['004_add_note', 'migrationlint', 'up-down-dir', 'auto', 'auto', 'migrations/004_add_note/up.sql', 'migrations/004_add_note/down.sql'],
      ['005_index_note', 'migrationlint', 'up-down-files', 'auto', 'auto', 'migrations/005_index_note.up.sql', 'migrations/005_index_note.down.sql'],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: a backfill after an ALTER is flagged only where the engine runs both in one transaction; the engine sets lock_timeout', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'backfill-in-ddl-transaction')).toEqual(['migrations/003_backfill_again.sql:2']);
    expect(byRule(findings, 'long-lock-hold')).toEqual(['migrations/003_backfill_again.sql:1']);
    expect(byRule(findings, 'require-lock-timeout')).toEqual([]);
  });

  it('lint: with apply.lockTimeout "0" the engine sets no lock_timeout and the rule says so', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-runner-'));
    try {
      cpSync(dir, work, { recursive: true });
      writeFileSync(path.join(work, '.migrationlintrc.json'), JSON.stringify({ apply: { lockTimeout: '0' } }));
      const found = lintFindings(work).findings.filter((f) => f.rule === 'require-lock-timeout');
      expect(found.map((f) => `${f.file}:${f.line}`)).toContain('migrations/003_backfill_again.sql:1');
      expect(found[0]?.help).toContain('config apply.lockTimeout is "0"');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('migrationlint runner: the apply engine honours -- migrationlint:no-transaction', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Applies a migration whose second statement fails (with or without the directive); returns whether the first one's table survived. */
  async function firstStatementKept(directive: boolean): Promise<boolean> {
    await resetPglite(db);
    const work = mkdtempSync(path.join(tmpdir(), 'ml-runner-apply-'));
    try {
      writeFileSync(path.join(work, '.migrationlintrc.json'), '{}');
      mkdirSync(path.join(work, 'migrations'));
      const body = 'CREATE TABLE audit (id bigint PRIMARY KEY);\nSELECT 1 / 0;\n';
      writeFileSync(path.join(work, 'migrations', '002_audit.sql'), directive ? `-- migrationlint:no-transaction\n${body}` : body);
      const config = await loadConfig({ cwd: work });
      const out = await apply({ cwd: work, config, env: {}, retryBackoffMs: 10, pglite: db });
      expect(out.failed?.error).toContain('division by zero');
      const { rows: found } = await db.query<{ r: string | null }>("SELECT to_regclass('audit')::text AS r");
      return found[0]?.r != null;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  it('runs the statements one by one: the first commits before the second fails', async () => {
    expect(await firstStatementKept(true)).toBe(true);
  });

  it('without the directive the migration is one transaction: the failure rolls the first statement back', async () => {
    expect(await firstStatementKept(false)).toBe(false);
  });
});
