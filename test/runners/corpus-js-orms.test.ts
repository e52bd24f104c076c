// The Knex, Sequelize and node-pg-migrate histories of ../shared/corpus-runners read from their JS/TS
// sources: migrations found, coverage of the SQL operations, no crash, hand-checked findings.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { coverageOf } from '../../src/hosts/coverage.js';
import { lint } from '../../src/lint.js';
import { corpusRunnersDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';

interface Expected {
  set: string;
  runner: string;
  migrations: number;
  /** Migrations other runners claim in the set (a SQL file a migration reads). */
  others?: Record<string, number>;
  resolved: number;
  total: number;
  /** file basename → `rule@line:column` the set must report. */
  findings: Array<[string, string]>;
}

const EXPECTED: Expected[] = [
  {
    set: 'mozilla__blurts-server',
    runner: 'knex',
    migrations: 85,
    // Unresolved: knex('table') data query builders (12) and knex.schema.createView (1). A created
    // table's primary key is inside its create table statement, as Knex writes it.
    resolved: 311,
    total: 324,
    findings: [
      // table.index("sha1", …) on subscribers, created two migrations earlier.
      ['20181007085241_add_sha1_index.js', 'require-concurrent-index-creation@15:5'],
      // knex.raw(`CREATE UNIQUE INDEX …`) inside the template literal, on its second line's column.
      ['20260622140000_add_unique_fxa_uid_index.js', 'require-concurrent-index-creation@25:6'],
    ],
  },
  {
    set: 'opencollective__opencollective-api',
    runner: 'sequelize',
    migrations: 321,
    // migrations/scripts/nanoid.sql, which one migration reads with fs.readFileSync, is plain SQL.
    others: { migrationlint: 1 },
    // Unresolved: helper functions from migrations/lib, SQL built in loops, ENUM(...Object.values(x)).
    // An enum type is its own query (pgEnum's DO block) before createTable's CREATE TABLE.
    // Each statement of a literal counts (src/hosts/runner.ts operationCount): 1,146 of 1,194 calls.
    resolved: 1244,
    total: 1292,
    findings: [
      // queryInterface.addIndex('Activities', ['type']) without concurrently.
      ['20220601073830-add-index-activity-type.js', 'require-concurrent-index-creation@5:11'],
      // `ALTER TYPE … DROP VALUE IF EXISTS` does not exist in PostgreSQL: the literal's statement fails.
      ['20241004122205-add-plaid-values.js', 'syntax-error@13:61'],
      // changeColumn sends SET NOT NULL; DROP DEFAULT; TYPE as one query: one implicit transaction holds the lock.
      ['20230210145339-increase-uploaded-file-max-string-length.js', 'long-lock-hold@9:11'],
      // Four changeColumn calls, four queries: four transactions, one finding each.
      ['20231120075643-increase-expense-item-max-string-length.js', 'long-lock-hold@11:11'],
      ['20231120075643-increase-expense-item-max-string-length.js', 'long-lock-hold@26:11'],
    ],
  },
  {
    set: 'hirosystems__stacks-blockchain-api',
    runner: 'node-pg-migrate',
    migrations: 63,
    resolved: 410,
    total: 410,
    findings: [
      // pgm.createIndex('blocks', …) on the existing blocks table, and its dropIndex in down.
      ['1774000000000_block-time-index.ts', 'require-concurrent-index-creation@4:3'],
      ['1774000000000_block-time-index.ts', 'require-concurrent-index-deletion@11:3'],
    ],
  },
];

describe.runIf(hasCorpus || inCI)('JS/TS ORM histories of the shared corpus', () => {
  for (const e of EXPECTED) {
    it(`${e.set}: ${e.runner}, ${e.migrations} migrations, ${e.resolved} of ${e.total} SQL operations`, { timeout: 120_000 }, async () => {
      if (!requireCorpus()) return;
      const config = resolveConfig({}, undefined, corpusRunnersDir);
      const result = await lint({ cwd: corpusRunnersDir, config, paths: [e.set] });
      const byRunner: Record<string, number> = {};
      for (const m of result.set.migrations) byRunner[m.runner] = (byRunner[m.runner] ?? 0) + 1;
      expect(byRunner).toEqual({ [e.runner]: e.migrations, ...e.others });
      const coverage = coverageOf(result.set).reduce((acc, c) => ({ resolved: acc.resolved + c.resolved, total: acc.total + c.total }), { resolved: 0, total: 0 });
      expect(coverage).toEqual({ resolved: e.resolved, total: e.total });
      expect(result.set.problems.filter((p) => p.ruleId === 'invalid-file')).toEqual([]);
      const seen = new Set(result.findings.map((f) => `${path.basename(f.file)}|${f.ruleId}@${f.start.line}:${f.start.column}`));
      for (const [file, finding] of e.findings) expect(seen, `${file} ${finding}`).toContain(`${file}|${finding}`);
    });
  }
});
