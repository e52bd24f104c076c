// Liquibase formatted SQL: each changeset a migration with its rollback as the down,
// runInTransaction/splitStatements/endDelimiter, malformed and duplicate changesets; new appends one.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { liquibase } from '../../src/runners/liquibase.js';
import { createProbe } from '../../src/runners/probe.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('liquibase');

describe('liquibase runner', () => {
  it('reads each changeset as a migration, in changelog-file order, with its --rollback lines or rollback block as the down', async () => {
    const set = await readRunnerSet('liquibase', ['db']);
    expect(rows(set, dir)).toEqual([
      ['1.1_ann:orders-create', 'liquibase', 'plain', 'wrapped', 'wrapped', 'db/01_orders.sql', 'db/01_orders.sql'],
      ['1.2_ann:orders-status-idx', 'liquibase', 'plain', 'none', 'none', 'db/01_orders.sql', 'db/01_orders.sql'],
      ['1.3_ann:orders-touch', 'liquibase', 'plain', 'wrapped', 'wrapped', 'db/01_orders.sql', 'db/01_orders.sql'],
      ['2.1_bo:orders-note', 'liquibase', 'plain', 'wrapped', 'wrapped', 'db/02_backfill.sql', 'db/02_backfill.sql'],
      ['2.2_bo:note-idx', 'liquibase', 'plain', 'implicit', null, 'db/02_backfill.sql', null],
      ['2.4_bo:orders-note', 'liquibase', 'plain', 'wrapped', null, 'db/02_backfill.sql', null],
    ]);
    const [create, , touch] = set.migrations;
    expect(create?.up.text.trim()).toBe('CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);\n--rollback DROP TABLE orders;');
    expect(create?.down?.text.trim()).toBe('DROP TABLE orders;');
    expect(touch?.down?.text.trim()).toBe('DROP TRIGGER orders_touch ON orders;\nDROP FUNCTION orders_touch();');
    // The rollback keeps the file's offsets: its text starts where it stands in the file.
    const file = set.files.get(path.join(dir, 'db', '01_orders.sql'))?.text ?? '';
    expect(file.indexOf('DROP TABLE orders;')).toBe((create?.down?.text ?? '').indexOf('DROP TABLE orders;'));
  });

  it('lint: endDelimiter:/ splits the plpgsql changeset; CONCURRENTLY is fine with runInTransaction:false, fails when splitStatements:false sends it with another statement', () => {
    const { findings, stderr } = lintFindings(dir, ['db']);
    expect(stderr).toBe('');
    expect(byRule(findings, 'syntax-error')).toEqual([]);
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual(['db/02_backfill.sql:9']);
    expect(findings.find((f) => f.rule === 'ban-concurrent-index-creation-in-transaction')?.message).toContain('Liquibase sends this migration as one multi-statement query');
    expect(byRule(findings, 'backfill-in-ddl-transaction')).toEqual(['db/02_backfill.sql:5']);
    // The rollback block's statements are linted as the down.
    expect(byRule(findings, 'require-lock-timeout')).toContain('db/01_orders.sql:22');
    expect(findings.filter((f) => f.rule === 'invalid-file').map((f) => [f.file, f.line, f.message])).toEqual([
      ['db/02_backfill.sql', 12, '`--changeset` needs `author:id`, found "bo"'],
      ['db/02_backfill.sql', 15, 'duplicate changeset bo:orders-note: Liquibase identifies a changeset by author, id and file'],
    ]);
  });

  it('new: appends a changeset by the last author to the newest changelog file', async () => {
    const set = await readRunnerSet('liquibase', ['db']);
    const plan = liquibase.newMigration?.({ migrations: set.migrations, slug: 'orders_due', now: new Date(), probe: createProbe() });
    expect(plan?.create).toEqual([]);
    expect(plan?.version).toBe('2.5');
    expect(plan?.update?.[0]?.file).toBe(path.join(dir, 'db', '02_backfill.sql'));
    expect(plan?.update?.[0]?.text.endsWith('SELECT 2;\n\n--changeset bo:orders_due\n-- Write the migration here\n--rollback -- Write its rollback here\n')).toBe(true);
  });

  it('orders the files as the root changelog includes them (YAML include, nested XML includeAll then include), an unreached file is a finding and linted last; a missing include is a finding on its line', async () => {
    const set = await readRunnerSet('liquibase', ['changelog']);
    expect(set.migrations.map((m) => `${m.name} ${path.relative(dir, m.up.file).split(path.sep).join('/')}`)).toEqual([
      'shop:schema changelog/core/base.sql',
      'shop:customers changelog/app/tables/a_customers.sql',
      'shop:orders changelog/app/tables/b_orders.sql',
      'shop:order-totals changelog/app/a_views.sql',
      'shop:orphan changelog/zz_orphan.sql',
    ]);
    const { findings } = lintFindings(dir, ['changelog']);
    // The context-limited test_data include is not shipped and not reported.
    expect(findings.filter((f) => f.rule === 'invalid-file').map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'changelog/zz_orphan.sql:1 no changelog includes this file (from changelog.yml): Liquibase never runs it',
      'changelog/changelog.yml:6 include names ./core/grants.sql, which does not exist: Liquibase stops with "not found"',
    ]);
    expect(byRule(findings, 'require-concurrent-index-creation')).toEqual(['changelog/zz_orphan.sql:4']);
  });
});
