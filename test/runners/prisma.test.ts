// Prisma Migrate: one set for the whole migrations directory, implicit transaction per file.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('prisma');
const M = 'prisma/migrations';

describe('prisma runner', () => {
  it('detects migration_lock.toml and reads <timestamp>_<name>/migration.sql in directory order', async () => {
    const set = await readRunnerSet('prisma', [M]);
    expect(rows(set, dir)).toEqual([
      ['20240101120000_init', 'prisma', 'migration-dir', 'implicit', null, `${M}/20240101120000_init/migration.sql`, null],
      ['20240102120000_orders_index', 'prisma', 'migration-dir', 'implicit', null, `${M}/20240102120000_orders_index/migration.sql`, null],
      ['20240103120000_widen_total', 'prisma', 'migration-dir', 'implicit', null, `${M}/20240103120000_widen_total/migration.sql`, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: the schema model spans the directories; CONCURRENTLY alone is fine, with another statement it fails; Prisma sets no lock_timeout', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    // VARCHAR(10) → VARCHAR(20) is a widening only because the model knows 001 created the column.
    expect(byRule(findings, 'changing-column-type')).toEqual([]);
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${M}/20240103120000_widen_total/migration.sql:3`]);
    const [concurrent] = findings.filter((f) => f.rule === 'ban-concurrent-index-creation-in-transaction');
    expect(concurrent?.message).toContain('Prisma Migrate sends each migration.sql as one script');
    expect(concurrent?.help).toContain('holds that one statement alone');
    expect(byRule(findings, 'require-lock-timeout')).toEqual([`${M}/20240103120000_widen_total/migration.sql:2`]);
    expect(byRule(findings, 'require-down-migration')).toEqual([]);
  });

  it('new: writes <UTC timestamp>_<name>/migration.sql in the same directory', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-prisma-'));
    try {
      cpSync(dir, work, { recursive: true });
      const run = runCli(['new', 'add orders note'], { cwd: work });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const created = readdirSync(path.join(work, M)).filter((n) => n.endsWith('_add_orders_note'));
      expect(created).toHaveLength(1);
      expect(created[0]).toMatch(/^\d{14}_add_orders_note$/);
      expect(existsSync(path.join(work, M, created[0] ?? '', 'migration.sql'))).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
