// `migrationlint explain`, end to end through the built CLI (npm run build first).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

function project(files: Record<string, string>, config: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-explain-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify(config));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const UP = [
  '-- add a note',
  'ALTER TABLE orders ADD COLUMN note text;',
  'CREATE INDEX orders_note_idx ON orders (note);',
  "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;",
  '',
].join('\n');
const DOWN = 'DROP INDEX orders_note_idx;\nALTER TABLE orders DROP COLUMN note;\n';

describe('migrationlint explain', () => {
  it('prints per statement: line, lock, target, rewrite, scan, blocks, transaction, findings', () => {
    const dir = project({ 'migrations/001_note.up.sql': UP, 'migrations/001_note.down.sql': DOWN });
    const run = runCli(['explain', 'migrations'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('migrations/001_note.up.sql 001_note · up · runs in one transaction');
    expect(lines[1]).toMatch(/^ {2}line {2}statement +lock +on +rewrite {2}scan {2}blocks +tx {3}findings$/);
    // The apply engine sets lock_timeout; the lock the ALTER takes is held while the index builds.
    expect(lines[2]).toMatch(/^ {5}2 {2}ALTER TABLE orders ADD COLUMN note text +ACCESS EXCLUSIVE +orders +no +no +reads, writes +yes +long-lock-hold$/);
    expect(lines[3]).toMatch(/^ {5}3 {2}CREATE INDEX orders_note_idx ON orders \(not… +SHARE +orders +no +yes +writes +yes +require-concurrent-index-creation$/);
    expect(lines[4]).toMatch(/^ {5}4 {2}ALTER TABLE orders ADD CONSTRAINT orders_cu… +SHARE ROW EXCLUSIVE +orders +no +no +writes +yes +-$/);
    expect(lines[5]).toMatch(/^ +SHARE ROW EXCLUSIVE +customers +no +no +writes$/);
    const down = lines.indexOf('migrations/001_note.down.sql 001_note · down · runs in one transaction');
    expect(down).toBeGreaterThan(5);
    expect(lines[down + 2]).toMatch(/^ {5}1 {2}DROP INDEX orders_note_idx +ACCESS EXCLUSIVE +index orders_note_idx +no +no +reads, writes +yes +long-lock-hold, require-concurrent-index-deletion$/);
    expect(lines[down + 3]).toMatch(/^ +ACCESS EXCLUSIVE +the table of orders_note_idx +no +no +reads, writes$/);
  });

  it('shows statements run without a transaction and statements that lock nothing', () => {
    const dir = project({ 'migrations/002_index.sql': 'CREATE INDEX CONCURRENTLY orders_a_idx ON orders (a);\nCREATE TABLE t (id bigint);\n' });
    const run = runCli(['explain'], { cwd: dir });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('migrations/002_index.sql 002_index · up · no transaction: each statement commits on its own');
    expect(lines[2]).toMatch(/^ {5}1 {2}CREATE INDEX CONCURRENTLY orders_a_idx ON o… +SHARE UPDATE EXCLUSIVE +orders +no +yes +- +no +mixed-transactional-statements$/);
    expect(lines[3]).toMatch(/^ {5}2 {2}CREATE TABLE t \(id bigint\) +- +- +- +- +- +no +-$/);
  });

  it('writes JSON with --format json', () => {
    const dir = project({ 'migrations/001_note.up.sql': UP, 'migrations/001_note.down.sql': DOWN }, { runner: 'golang-migrate' });
    const run = runCli(['explain', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    const sections = JSON.parse(run.stdout);
    expect(sections.map((s: { section: string; relPath: string }) => [s.relPath, s.section])).toEqual([
      ['migrations/001_note.up.sql', 'up'],
      ['migrations/001_note.down.sql', 'down'],
    ]);
    const [addColumn, createIndex, addFk] = sections[0].statements;
    expect(addColumn).toMatchObject({ line: 2, column: 1, text: 'ALTER TABLE orders ADD COLUMN note text', inTransaction: true });
    expect(addColumn.locks).toEqual([
      { relation: 'orders', kind: 'relation', mode: 'ACCESS EXCLUSIVE', rewrite: false, scan: false, blocksReads: true, blocksWrites: true, operation: 'ADD COLUMN' },
    ]);
    // golang-migrate sets no lock_timeout; the lock is held while the index builds.
    expect(addColumn.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['long-lock-hold', 'require-lock-timeout']);
    expect(createIndex.locks[0]).toMatchObject({ mode: 'SHARE', scan: true, blocksReads: false, blocksWrites: true });
    expect(addFk.locks.map((l: { relation: string; mode: string }) => [l.relation, l.mode])).toEqual([
      ['orders', 'SHARE ROW EXCLUSIVE'],
      ['customers', 'SHARE ROW EXCLUSIVE'],
    ]);
    expect(sections[1].statements[0].findings[1]).toMatchObject({ ruleId: 'require-concurrent-index-deletion', severity: 'error', line: 1, column: 1 });
  });

  it('exits 2 on an unknown format', () => {
    const dir = project({ 'migrations/001_x.sql': 'SELECT 1;\n' });
    const run = runCli(['explain', '--format', 'xml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'xml' is invalid");
  });
});
