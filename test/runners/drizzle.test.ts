// Drizzle Kit: journal order, whole-run transaction, journal problems, `new` adds a journal entry.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { byRule, lintFindings, readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('drizzle');

describe('drizzle runner', () => {
  it('runs the journal entries in order, all pending in one transaction; an unlisted file is not a migration', async () => {
    const set = await readRunnerSet('drizzle', ['drizzle']);
    expect(rows(set, dir)).toEqual([
      ['0000_init', 'drizzle', 'plain', 'whole-run', null, 'drizzle/0000_init.sql', null],
      ['0001_add_shipped', 'drizzle', 'plain', 'whole-run', null, 'drizzle/0001_add_shipped.sql', null],
      ['0002_add_note', 'drizzle', 'plain', 'whole-run', null, 'drizzle/0002_add_note.sql', null],
      ['0003_index_after_commit', 'drizzle', 'plain', 'whole-run', null, 'drizzle/0003_index_after_commit.sql', null],
    ]);
  });

  it('reports the unlisted file, the duplicate number and the journal entry without a file, each at its place', () => {
    const { findings } = lintFindings(dir);
    expect(findings.filter((f) => f.rule === 'invalid-file').map((f) => [f.file, f.line, f.message])).toEqual([
      ['drizzle/0002_stray.sql', 1, '0002_stray.sql has the number 0002 of 0002_add_note.sql: two migrations with one number'],
      ['drizzle/0002_stray.sql', 1, '0002_stray.sql is not listed in meta/_journal.json: drizzle-kit migrate never runs it, so it is not linted as a migration'],
      ['drizzle/meta/_journal.json', 9, 'journal entry 4 names 0004_missing.sql, which is not in drizzle/: drizzle-kit migrate fails on it'],
    ]);
    // The unlisted file's UPDATE without WHERE is not linted.
    expect(findings.filter((f) => f.file === 'drizzle/0002_stray.sql' && f.rule !== 'invalid-file')).toEqual([]);
  });

  it('lint: CONCURRENTLY fails inside the run’s transaction, works after an embedded COMMIT, which transaction-nesting names', () => {
    const { findings } = lintFindings(dir);
    expect(byRule(findings, 'ban-concurrent-index-creation-in-transaction')).toEqual(['drizzle/0002_add_note.sql:2']);
    const [concurrent] = findings.filter((f) => f.rule === 'ban-concurrent-index-creation-in-transaction');
    expect(concurrent?.message).toContain('Drizzle Kit runs all pending migrations in one transaction');
    expect(concurrent?.help).toContain('COMMIT;--> statement-breakpoint');
    const [nesting] = findings.filter((f) => f.rule === 'transaction-nesting');
    expect(nesting?.file).toBe('drizzle/0003_index_after_commit.sql');
    expect(nesting?.message).toContain('every later pending migration, run outside a transaction');
    expect(byRule(findings, 'require-lock-timeout')).toEqual(['drizzle/0002_add_note.sql:1']);
  });

  it('new: writes the next numbered file and appends its journal entry', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-drizzle-'));
    try {
      cpSync(dir, work, { recursive: true });
      const run = runCli(['new', 'add customers'], { cwd: work });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(readFileSync(path.join(work, 'drizzle', '0005_add_customers.sql'), 'utf8')).toContain('statement-breakpoint');
      const journal = JSON.parse(readFileSync(path.join(work, 'drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ idx: number; tag: string }> };
      expect(journal.entries.at(-1)).toMatchObject({ idx: 5, tag: '0005_add_customers', version: '7', breakpoints: true });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
