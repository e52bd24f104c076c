// The ORM sets of ../shared/corpus-runners (medusajs__medusa: TypeORM v1 core, MikroORM v2 modules):
// migration counts, the share of SQL operations read statically, no crash, hand-checked findings.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover.js';
import { runCli } from '../helpers/cli.js';
import { corpusRunnersDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';

const medusa = path.join(corpusRunnersDir, 'medusajs__medusa');

interface Entry {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; message: string }>;
  coverage?: { resolved: number; total: number };
}

function lintJson(dir: string): { code: number; entries: Entry[]; stderr: string } {
  const run = runCli(['lint', dir, '-f', 'json'], { cwd: medusa });
  return { code: run.code, entries: JSON.parse(run.stdout) as Entry[], stderr: run.stderr };
}

const coverage = (entries: readonly Entry[]) => entries.reduce((c, e) => ({ resolved: c.resolved + (e.coverage?.resolved ?? 0), total: c.total + (e.coverage?.total ?? 0) }), { resolved: 0, total: 0 });
const found = (entries: readonly Entry[], file: string) => entries.find((e) => e.filePath.endsWith(file))?.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`) ?? [];

describe.runIf(hasCorpus || inCI)('ORM migration sets of the shared corpus', () => {
  it('medusa TypeORM (packages/medusa/src/migrations): 82 migrations, 1,254 of 1,258 operations read, hand-checked findings', async () => {
    if (!requireCorpus()) return;
    const set = await discover({ cwd: medusa, patterns: ['packages/medusa/src/migrations'], runner: 'auto', assumeInTransaction: false });
    expect(set.migrations).toHaveLength(82);
    expect(new Set(set.migrations.map((m) => m.runner))).toEqual(new Set(['typeorm']));
    expect(set.problems).toEqual([]);
    const { code, entries, stderr } = lintJson('packages/medusa/src/migrations');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(entries).toHaveLength(82);
    const c = coverage(entries);
    expect(c).toEqual({ resolved: 1254, total: 1258 });
    expect(c.resolved / c.total).toBeGreaterThanOrEqual(0.98);
    // ALTER COLUMN "password_hash" NOT NULL lacks SET: the down fails on PostgreSQL.
    expect(found(entries, '1619108646647-nullable_password.ts')).toContain('syntax-error@12:109');
    // CREATE INDEX on claim_image without CONCURRENTLY, inside the template literal.
    expect(found(entries, '1612353094577-indexes.ts')).toContain('require-concurrent-index-creation@8:8');
    // fulfillment_item.quantity integer, 161 columns into the CREATE TABLE on line 8.
    expect(found(entries, '1611063162649-initial_schema.ts')).toContain('prefer-bigint-over-int@8:161');
  });

  it('medusa MikroORM (packages/modules/**/migrations): 61 migrations in 23 sets, 507 of 514 operations read, hand-checked findings', async () => {
    if (!requireCorpus()) return;
    const set = await discover({ cwd: medusa, patterns: ['packages/modules'], runner: 'auto', assumeInTransaction: false });
    expect(set.migrations).toHaveLength(61);
    expect(new Set(set.migrations.map((m) => m.runner))).toEqual(new Set(['mikro-orm']));
    expect(new Set(set.migrations.map((m) => path.dirname(m.up.file))).size).toBe(23);
    const { code, entries, stderr } = lintJson('packages/modules');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const c = coverage(entries);
    expect(c).toEqual({ resolved: 507, total: 514 });
    expect(c.resolved / c.total).toBeGreaterThanOrEqual(0.98);
    // DROP COLUMN IF NOT EXISTS does not parse: the migration fails on PostgreSQL.
    expect(found(entries, 'inventory/src/migrations/Migration20240719123015.ts')).toContain('syntax-error@46:54');
    // CREATE UNIQUE INDEX … ON "customer" without CONCURRENTLY, in an addSql string.
    expect(found(entries, 'customer/src/migrations/Migration20240524123112.ts')).toContain('require-concurrent-index-creation@6:8');
    // The modules' helper generatePostgresAlterColummnIfExistStatement(…) builds SQL at run time: counted, not linted.
    const stylish = runCli(['lint', 'packages/modules/region/src/migrations'], { cwd: medusa });
    expect(stylish.stderr).toContain('migrationlint: packages/modules/region/src/migrations: analysed 5 of 8 SQL operations; 3 dynamic: packages/modules/region/src/migrations/Migration20240205173216.ts:6,');
  });
});
