// `lint --format markdown`: a pull-request-sized summary per migration, its findings and its locks
// (paths from the repository root, here this checkout).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKDOWN_LIMIT } from '../../src/reporters/markdown.js';
import { runCli } from '../helpers/cli.js';
import { fixtureDir } from './fixture.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-md-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['db'] }));
  mkdirSync(join(dir, 'db'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, 'db', name), sql);
  return dir;
}

describe('lint --format markdown', () => {
  it('summarises each migration: its findings, then the locks its statements take', () => {
    const run = runCli(['lint', '-f', 'markdown'], { cwd: fixtureDir });
    expect(run.code).toBe(1);
    const md = run.stdout;
    expect(md.split('\n')[0]).toBe('### migrationlint: 4 errors, 2 warnings in 5 files');
    expect(md).toContain('1 finding suppressed with a `migrationlint-ignore` comment.');
    expect(md).toContain('#### `fixtures/reporters/basic/migrations/002_index_orders.sql` — 002\\_index\\_orders · up: one transaction');
    expect(md).toContain('- ❌ 2:16 `require-concurrent-index-creation`: CREATE INDEX on orders without CONCURRENTLY blocks writes to orders while the index builds. — Use CREATE INDEX CONCURRENTLY.');
    expect(md).toContain('| 2 | `CREATE INDEX orders_customer_id_idx ON orders (customer_id)` | SHARE | orders | writes | scan |');
    expect(md).toContain('| 3 | `DROP INDEX orders_note_idx` | ACCESS EXCLUSIVE | the table of orders\\_note\\_idx | reads, writes |  |');
    // The suppressed DELETE is not a finding in the summary, but its lock is listed.
    expect(md).not.toContain('ban-delete-without-where`: DELETE FROM order_cache');
    expect(md).toContain('| 2 | `DELETE FROM order_cache` | ROW EXCLUSIVE | order\\_cache | - | scan |');
  });

  it('shows control characters from files as escapes and keeps table cells intact', () => {
    const dir = project({ '001_a.sql': "CREATE INDEX i ON orders ((note || '\u001b[2J|x'));\n" });
    const md = runCli(['lint', '-f', 'markdown'], { cwd: dir }).stdout;
    expect(md).not.toContain('\u001b');
    expect(md).toContain("| 1 | `CREATE INDEX i ON orders ((note \\|\\| '\\x1b[2J\\|x'))` | SHARE | orders | writes | scan |");
  });

  it(`stays under ${MARKDOWN_LIMIT} characters (a GitHub comment holds 65,536), files with findings first, and says what it left out`, () => {
    const files: Record<string, string> = {};
    for (let n = 1; n <= 300; n++) {
      const name = `${String(n).padStart(3, '0')}_m.sql`;
      files[name] = n % 2 === 0 ? `CREATE INDEX i${n} ON orders (c${n});\n` : `CREATE TABLE t${n} (id bigint PRIMARY KEY);\n`;
    }
    const md = runCli(['lint', '-f', 'markdown'], { cwd: project(files) }).stdout;
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT + 300);
    expect(md.split('\n')[0]).toBe('### migrationlint: 150 errors, 0 warnings in 300 files');
    const headings = [...md.matchAll(/^#### `db\/(\d+)_m\.sql`/gm)].map((m) => Number(m[1]));
    expect(headings.length).toBeGreaterThan(50);
    expect(headings.length).toBeLessThan(300);
    const withFindings = headings.filter((n) => n % 2 === 0);
    expect(headings.slice(0, withFindings.length)).toEqual(withFindings);
    expect(withFindings).toEqual([...withFindings].sort((x, y) => x - y));
    const left = 300 - headings.length;
    const leftFindings = 150 - withFindings.length;
    expect(md.trimEnd().split('\n').at(-1)).toBe(
      `… ${left} more files (${leftFindings} finding${leftFindings === 1 ? '' : 's'}) not shown: the summary stops below GitHub's comment size limit. Run \`migrationlint lint\` for the full report.`,
    );
  });
});
