// lint --changed-since REF --cache (a pull request's check): the schema model's catalogs before
// the changed migration are read from the cache a full run left, not replayed — and the report
// is the one an uncached run gives, also when an earlier change makes stored catalogs stale.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../helpers/git.js';
import { lintCached, lintUncached } from './helpers.js';

const name = (n: number) => `migrations/${String(n).padStart(3, '0')}_step.sql`;
const history: Record<string, string> = { [name(1)]: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n' };
for (let n = 2; n <= 69; n++) history[name(n)] = `CREATE TABLE t_${n} (id bigint PRIMARY KEY);\n`;
history[name(70)] = 'SELECT 1;\n';

const FOREIGN_KEY = 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n';
const INDEX = 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n';

describe('lint --changed-since with a warm --cache', () => {
  const repo = gitRepo({ '.migrationlintrc.json': '{}', ...history });
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'history');
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));
  const changedSince = ['--changed-since', 'HEAD'];
  const catalogsRead = (stderr: string) => /^cache: catalogs read after (\d+) migrations$/m.exec(stderr)?.[1];

  it('reads the catalogs a full run kept before the newest migration, and reports as a cold run', () => {
    const full = lintCached({ cwd: repo.dir });
    expect(full.missed).toBe(70);
    const kept = readdirSync(join(repo.dir, '.migrationlint', 'cache', 'facts-v3')).filter((f) => /^[0-9a-f]{64}$/.test(f));
    expect(kept).toHaveLength(4); // after migrations 32 and 64, and after the last two

    repo.write({ [name(70)]: FOREIGN_KEY });
    const warm = lintCached({ cwd: repo.dir, args: changedSince });
    const cold = lintUncached({ cwd: repo.dir, args: changedSince });
    expect(cold.stdout).toContain('"ruleId": "fk-missing-index"');
    expect(warm).toMatchObject({ stdout: cold.stdout, code: cold.code, hit: 0, missed: 1 });
    expect(catalogsRead(warm.stderr)).toBe('69');
  });

  it('does not read a catalog an earlier changed migration made stale: replays from the nearest one before it', () => {
    // Migration 40 now indexes the foreign key's column: the catalogs kept after 64 and 69 are stale.
    repo.write({ [name(40)]: INDEX });
    const warm = lintCached({ cwd: repo.dir, args: changedSince });
    const cold = lintUncached({ cwd: repo.dir, args: changedSince });
    expect(cold.stdout).not.toContain('fk-missing-index');
    // 40 to 70 are analysed: the units after 40 hold its facts in their keys, and their new indexes count.
    expect(warm).toMatchObject({ stdout: cold.stdout, code: cold.code, hit: 0, missed: 31 });
    expect(catalogsRead(warm.stderr)).toBe('32');
  });

  it('replays every migration when a kept catalog cannot be read', () => {
    const dir = join(repo.dir, '.migrationlint', 'cache', 'facts-v3');
    for (const file of readdirSync(dir)) if (/^[0-9a-f]{64}$/.test(file)) writeFileSync(join(dir, file), 'not a catalog');
    repo.write({ [name(70)]: `${FOREIGN_KEY}SELECT 2;\n` });
    const warm = lintCached({ cwd: repo.dir, args: changedSince });
    expect(warm).toMatchObject({ stdout: lintUncached({ cwd: repo.dir, args: changedSince }).stdout, hit: 30, missed: 1 });
    expect(catalogsRead(warm.stderr)).toBeUndefined();
  });
});
