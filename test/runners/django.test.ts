// Django `sqlmigrate` output (python manage.py sqlmigrate library 0001 > sql/library/0001_initial.sql):
// detected by its `--` / `-- <operation>` / `--` headers; the file's own BEGIN/COMMIT are the transaction.
import { describe, expect, it } from 'vitest';
import { migrationsFromFile } from '../../src/discover.js';
import { runCli } from '../helpers/cli.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('django');
const S = 'sql/library';

describe('django runner (sqlmigrate output)', () => {
  it('detects the operation headers and orders the files by migration number', async () => {
    const set = await readRunnerSet('django', ['sql']);
    expect(rows(set, dir)).toEqual([
      ['0001_initial', 'django', 'plain', 'none', null, `${S}/0001_initial.sql`, null],
      ['0002_book_author', 'django', 'plain', 'none', null, `${S}/0002_book_author.sql`, null],
      ['0003_author_name_idx', 'django', 'plain', 'none', null, `${S}/0003_author_name_idx.sql`, null],
      ['0004_book_title_idx', 'django', 'plain', 'none', null, `${S}/0004_book_title_idx.sql`, null],
    ]);
    expect(set.problems).toEqual([]);
  });

  it('lint: CONCURRENTLY in an atomic migration (inside its BEGIN) fails; a non-atomic one (no BEGIN) runs it alone; the BEGIN/COMMIT are no nesting', () => {
    const { findings, stderr } = lintFindings(dir);
    expect(stderr).toBe('');
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual([`${S}/0004_book_title_idx.sql:5`]);
    expect(byRule(findings, 'transaction-nesting')).toEqual([]);
    expect(byRule(findings, 'require-concurrent-index-creation')).toEqual([`${S}/0002_book_author.sql:6`]);
    expect(byRule(findings, 'long-lock-hold')).toEqual([`${S}/0002_book_author.sql:5`]);
    expect(findings.find((f) => f.rule === 'long-lock-hold')?.message).toContain('its COMMIT on line 7');
  });

  it('new refuses: Django writes the migration, sqlmigrate its SQL', () => {
    const run = runCli(['new', 'add author email'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('python manage.py makemigrations');
  });

  it('only a file that starts as sqlmigrate output is Django: not pg_dump banners, not a banner inside another runner’s file', () => {
    const runnerOf = (text: string) => migrationsFromFile('/x/0001_x.sql', text, 'auto', false).migrations[0]?.runner;
    expect(runnerOf('--\n-- Name: accounts; Type: TABLE; Schema: public; Owner: -\n--\n\nCREATE TABLE public.accounts (id bigint);\n')).toBe('migrationlint');
    expect(runnerOf('--\n-- Create model Account\n--\nCREATE TABLE "app_account" ("id" bigint);\n')).toBe('django');
    // target/goalert's 20241108160105-import-river-migration-5.sql has such a banner under its sql-migrate marker.
    expect(runnerOf('-- +migrate Up\n--\n-- Add `river_job.unique_key` and bring up an index on it.\n--\nALTER TABLE river_job ADD COLUMN unique_key bytea;\n')).toBe('sql-migrate');
  });
});
