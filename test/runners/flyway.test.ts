// Flyway: numeric version order per component, U<version> as the down of V<version>, repeatables
// after the versioned ones, `.sql.conf` executeInTransaction=false, duplicates; new writes the next V.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flyway } from '../../src/runners/flyway.js';
import { createProbe } from '../../src/runners/probe.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('flyway');

describe('flyway runner', () => {
  it('orders versions numerically per part, pairs U2 with V2, runs R__ last, and reads executeInTransaction=false from the script config', async () => {
    const set = await readRunnerSet('flyway', ['db']);
    expect(rows(set, dir)).toEqual([
      ['1_init', 'flyway', 'plain', 'auto', null, 'db/migration/V1__init.sql', null],
      ['1.1_add_note', 'flyway', 'plain', 'auto', null, 'db/migration/V1.1__add_note.sql', null],
      ['2_index_status', 'flyway', 'plain', 'auto', 'auto', 'db/migration/V2__index_status.sql', 'db/migration/U2__index_status.sql'],
      ['10_mixed', 'flyway', 'plain', 'auto', null, 'db/migration/V10__mixed.sql', null],
      ['2026.01.15_shipped', 'flyway', 'plain', 'none', null, 'db/migration/V2026.01.15__shipped.sql', null],
      ['R__open_orders', 'flyway', 'plain', 'auto', null, 'db/migration/R__open_orders.sql', null],
    ]);
    expect(set.problems.map((p) => [path.relative(dir, p.file), p.message])).toEqual([
      ['db/migration/U3__nothing.sql', 'down migration without an up migration'],
      ['db/migration/V1_1__add_note_again.sql', 'another up migration for version 1.1: db/migration/V1.1__add_note.sql'],
    ]);
  });

  it('lint: a lone CONCURRENTLY runs outside the transaction (Flyway detects it); mixed with an UPDATE it is flagged; no conf, no backfill finding where the conf turns the transaction off', () => {
    const { findings, stderr } = lintFindings(dir, ['db']);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([]);
    expect(byRule(findings, 'mixed-transactional-statements')).toEqual(['db/migration/V10__mixed.sql:1']);
    expect(byRule(findings, 'backfill-in-ddl-transaction')).toEqual([]);
    expect(byRule(findings, 'require-lock-timeout')).toEqual(['db/migration/V1.1__add_note.sql:1', 'db/migration/V2026.01.15__shipped.sql:1']);
    expect(byRule(findings, 'invalid-file')).toEqual(['db/migration/U3__nothing.sql:1', 'db/migration/V1_1__add_note_again.sql:1']);
  });

  it('new: the next V after the highest version (first part + 1), or today’s date where versions are dates', async () => {
    const set = await readRunnerSet('flyway', ['db']);
    const probe = createProbe();
    const dated = flyway.newMigration?.({ migrations: set.migrations, slug: 'add_due', now: new Date('2026-02-03T10:00:00Z'), probe });
    expect(dated?.create.map((f) => path.relative(dir, f.file))).toEqual(['db/migration/V2026.02.03__add_due.sql']);
    const numbered = flyway.newMigration?.({ migrations: set.migrations.filter((m) => !m.version.startsWith('2026')), slug: 'add_due', now: new Date(), probe });
    expect(numbered?.create.map((f) => path.relative(dir, f.file))).toEqual(['db/migration/V11__add_due.sql']);
  });
});
