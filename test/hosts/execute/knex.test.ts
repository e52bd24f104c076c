// When a set cannot be run, or a migration of it fails, under --orm-execute (Knex as the ORM):
// the file keeps its static translation and says why — a migration that throws or loops forever
// gets an 'orm-execute-failed' finding at its line, an ORM that is not installed one note per set.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../helpers/cli.js';
import { removeTempProjects, tempProject } from '../../helpers/temp-project.js';

afterAll(removeTempProjects);

interface JsonEntry {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; severity: number; message: string }[];
}

const CREATE = `exports.up = (knex) => knex.schema.createTable('items', (t) => { t.increments('id'); });
exports.down = (knex) => knex.schema.dropTable('items');
`;

const findings = (stdout: string) =>
  (JSON.parse(stdout) as JsonEntry[]).flatMap((e) => e.messages.map((m) => ({ file: path.basename(e.filePath), rule: m.ruleId, line: m.line, severity: m.severity, message: m.message })));

describe('orm.execute failures (Knex)', () => {
  it('a migration that throws: an orm-execute-failed warning at the throw, and its static translation', () => {
    const dir = tempProject('exec-throw', { migrations: ['migrations'], orm: { modulesDir: repoRoot } }, {
      'migrations/20240101000000_items.js': CREATE,
      'migrations/20240102000000_orders.js': `exports.up = async (knex) => {
  await knex.schema.alterTable('orders', (t) => { t.index('status'); });
  throw new Error('needs a database');
};
`,
    });
    const statically = findings(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout);
    const run = runCli(['lint', '-f', 'json', '--orm-execute'], { cwd: dir });
    const executed = findings(run.stdout);
    const failed = executed.filter((f) => f.rule === 'orm-execute-failed');
    expect(failed).toEqual([
      { file: '20240102000000_orders.js', rule: 'orm-execute-failed', line: 3, severity: 1, message: 'orm.execute: up threw: needs a database; its static translation is linted instead' },
    ]);
    expect(executed.filter((f) => f.rule !== 'orm-execute-failed')).toEqual(statically);
    expect(statically.some((f) => f.rule === 'require-concurrent-index-creation' && f.line === 2)).toBe(true);
  });

  it('a migration that loops forever is killed after ORM_EXECUTE_TIMEOUT seconds (the child process, SIGKILL); it and the files not reached keep their static translation', () => {
    const dir = tempProject('exec-timeout', { migrations: ['migrations'], orm: { modulesDir: repoRoot } }, {
      'migrations/20240101000000_items.js': CREATE,
      'migrations/20240102000000_spin.js': `exports.up = async (knex) => {
  await knex.schema.alterTable('orders', (t) => { t.index('status'); });
  for (;;) {}
};
`,
      'migrations/20240103000000_later.js': `exports.up = (knex) => knex.schema.alterTable('orders', (t) => { t.index('placed_at'); });\n`,
    });
    const statically = findings(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout);
    const run = runCli(['lint', '-f', 'json', '--orm-execute'], { cwd: dir, env: { ORM_EXECUTE_TIMEOUT: '6' } });
    const executed = findings(run.stdout);
    const failed = (file: string) => executed.filter((f) => f.rule === 'orm-execute-failed' && f.file === file).map((f) => [f.line, f.message]);
    // Killed while the spinning up runs (or, on a machine too busy to get there in time, before it started).
    expect(failed('20240102000000_spin.js')).toEqual([
      [1, expect.stringMatching(/^orm\.execute: (?:the set was stopped after 6 s \(orm\.timeout\) while running its up|not run: the set was stopped after 6 s \(orm\.timeout\)); its static translation is linted instead$/)],
    ]);
    expect(failed('20240103000000_later.js')).toEqual([[1, 'orm.execute: not run: the set was stopped after 6 s (orm.timeout); its static translation is linted instead']]);
    expect(executed.filter((f) => f.rule !== 'orm-execute-failed')).toEqual(statically);
  });

  it('the ORM not installed where the project resolves it: one note for the set, the static result', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'ml-no-knex-'));
    const dir = tempProject('exec-missing', { migrations: ['migrations'], orm: { execute: true, modulesDir: empty } }, { 'migrations/20240101000000_items.js': CREATE });
    const run = runCli(['lint', '-f', 'json'], { cwd: dir });
    expect(run.stderr).toContain(`migrationlint: orm.execute: knex is not installed in ${empty}; static translation used\n`);
    const statically = runCli(['lint', '-f', 'json'], { cwd: dir, env: {} });
    expect(findings(run.stdout)).toEqual(findings(statically.stdout));
    expect(findings(run.stdout).map((f) => f.rule)).not.toContain('orm-execute-failed');
  });
});
