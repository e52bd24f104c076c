// orm.execute on Alembic revisions through the CLI: the SQL Alembic itself emits (offline, no
// database) in place of the static reading, at the .py call sites; autocommit_block's transaction
// model kept; a revision that raises (data-dependent code, a module not in the checkout) keeps its
// static result with an orm-execute-failed finding at its line; the time limit; Alembic missing;
// the language server never runs a revision.
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pythonFor } from '../../../src/hosts/execute/python.js';
import { lint as lintSet, resolveConfig } from '../../../src/index.js';
import { lineIndexFor } from '../../../src/text.js';
import { runCli } from '../../helpers/cli.js';
import { runnerFixture } from '../../helpers/runner-set.js';
import { inCI } from '../../helpers/shared.js';
import { LspClient } from '../../lsp/client.js';

const fixture = runnerFixture('alembic-exec');
const V = 'migrations/versions';

const choice = await pythonFor(fixture);
const missing = 'unavailable' in choice ? choice.unavailable : undefined;
if (missing && inCI) throw new Error(`CI=true but Alembic cannot run: ${missing} (.ci/run installs python3-alembic)`);
if (missing) console.warn(`skipping the Alembic orm.execute tests: ${missing}`);

const work = mkdtempSync(path.join(tmpdir(), 'ml-alembic-exec-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface JsonEntry {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; message: string }>;
  coverage?: { resolved: number; total: number; unresolved: Array<{ line: number; reason: string }> };
}

function lint(dir: string, args: string[], env: Record<string, string> = {}) {
  const run = runCli(['lint', '-f', 'json', ...args, V], { cwd: dir, env });
  const entries = new Map((JSON.parse(run.stdout) as JsonEntry[]).map((e) => [path.relative(path.join(dir, V), e.filePath), e]));
  return { ...run, entries };
}

const at = (e: JsonEntry | undefined, rule: string) => (e?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => `${m.line}:${m.column}`);
/** The library's run under orm.execute: its findings, and the orm-execute-failed problems (whatever their severity). */
async function executed(dir: string, timeoutMs = 60_000) {
  const result = await lintSet({ cwd: dir, config: resolveConfig({}, undefined, dir), paths: [V], ormExecute: { timeoutMs } });
  const name = (file: string) => path.basename(file);
  const failures = result.set.problems
    .filter((p) => p.ruleId === 'orm-execute-failed')
    .map((p) => `${name(p.file)} ${lineIndexFor(result.set.files.get(p.file) ?? { text: '' }).position(p.span.start).line} ${p.message}`);
  const found = (file: string, rule: string) => result.findings.filter((f) => name(f.file) === file && f.ruleId === rule).map((f) => `${f.start.line}:${f.start.column}`);
  return { failures, found };
}

function copyOfFixture(name: string, extra: Record<string, string>): string {
  const dir = path.join(work, name);
  cpSync(fixture, dir, { recursive: true });
  for (const [file, text] of Object.entries(extra)) writeFileSync(path.join(dir, file), text);
  return dir;
}

describe.skipIf(missing !== undefined)('orm.execute on Alembic revisions', () => {
  it('lints the SQL Alembic emits at the .py call sites; what raises keeps its static result and says why at its line', async () => {
    const plain = lint(fixture, []);
    const run = lint(fixture, ['--orm-execute']);
    expect(run.stderr).not.toContain('static translation used');

    // The enum from an imported tuple and the f-string in a loop are unresolved statically, resolved by running them.
    expect(plain.entries.get('1000_orders.py')?.coverage).toMatchObject({ resolved: 2, total: 3, unresolved: [{ line: 15 }] });
    expect(plain.entries.get('2000_indexes.py')?.coverage).toMatchObject({ resolved: 4, total: 5, unresolved: [{ line: 15 }] });
    expect(run.entries.get('1000_orders.py')?.coverage).toEqual({ resolved: 3, total: 3, unresolved: [] });
    expect(run.entries.get('2000_indexes.py')?.coverage).toEqual({ resolved: 5, total: 5, unresolved: [] });
    expect(at(plain.entries.get('1000_orders.py'), 'prefer-identity')).toEqual([]);
    expect(at(run.entries.get('1000_orders.py'), 'prefer-identity')).toEqual(['15:5']);
    // One CREATE INDEX per loop iteration, both at the op.execute(...) call of the loop.
    const indexes = run.entries.get('2000_indexes.py');
    expect(at(plain.entries.get('2000_indexes.py'), 'require-concurrent-index-creation')).toEqual([]);
    expect(at(indexes, 'require-concurrent-index-creation')).toEqual(['15:9', '15:9']);
    // batch_op.add_column is emitted when the with block ends, but found at its own call.
    expect(at(indexes, 'adding-required-field')).toEqual(['17:9']);
    // CREATE INDEX CONCURRENTLY inside the autocommit_block runs outside the transaction, as Alembic writes it.
    expect(at(indexes, 'require-concurrent-index-creation')).not.toContain('19:9');
    expect(at(indexes, 'mixed-transactional-statements')).toEqual(at(plain.entries.get('2000_indexes.py'), 'mixed-transactional-statements'));

    const backfill = run.entries.get('3000_backfill.py');
    expect(at(backfill, 'adding-not-nullable-field')).toEqual(['18:5']);
    // Its static reading: add_column and drop_column at their calls.
    expect(at(run.entries.get('4000_reports.py'), 'require-lock-timeout')).toEqual(['16:5', '20:5']);
    expect((await executed(fixture)).failures).toEqual([
      "3000_backfill.py 15 orm.execute: Alembic could not run upgrade() (line 15): it uses the database connection (op.get_bind()… .fetchall): data-dependent code cannot run offline, without a database; the static translation is linted",
      "4000_reports.py 9 orm.execute: Alembic could not import the revision (line 9): it imports app.reports, which this Python cannot import (the project's own modules or packages are not on its path); the static translation is linted",
    ]);
  });

  it('stops a revision that does not finish at the time limit: it keeps its static result, the others their recording (columns in UTF-16)', async () => {
    const unicodeLine = `    op.execute("COMMENT ON TABLE orders IS 'café ☕ 𝄞'"); op.create_index(f"ix_orders_{column}", "orders", [column])`;
    const dir = copyOfFixture('slow', {
      [`${V}/4500_unicode.py`]: `from alembic import op\n\nrevision = "4500"\ndown_revision = "4000"\n\n\ndef upgrade():\n  for column in ("note",):\n${unicodeLine}\n`,
      [`${V}/5000_slow.py`]: 'from alembic import op\n\nrevision = "5000"\ndown_revision = "4500"\n\n\ndef upgrade():\n    op.drop_column("orders", "note")\n    while True:\n        pass\n',
    });
    const { failures, found } = await executed(dir, 3000);
    // Python reports UTF-8 byte columns; the finding is at the call's UTF-16 column.
    expect(found('4500_unicode.py', 'require-concurrent-index-creation')).toEqual([`9:${unicodeLine.indexOf('op.create_index') + 1}`]);
    expect(failures.filter((f) => f.startsWith('5000'))).toEqual(['5000_slow.py 1 orm.execute: Alembic did not finish within 3000 ms and was stopped; the static translation is linted']);
    expect(found('5000_slow.py', 'ban-drop-column')).toEqual(['8:5']);
    expect(found('2000_indexes.py', 'require-concurrent-index-creation')).toEqual(['15:9', '15:9']);
  });

  it('says once when Alembic cannot be imported, and lints the static reading', () => {
    const dir = path.join(work, 'no-alembic');
    cpSync(fixture, dir, { recursive: true });
    // The same Python without site-packages: it cannot import alembic.
    const python = path.join(work, 'python-without-site');
    writeFileSync(python, `#!/bin/sh\nexec ${'python' in choice ? choice.python : 'python3'} -S "$@"\n`);
    chmodSync(python, 0o755);
    const plain = lint(dir, []);
    const run = lint(dir, ['--orm-execute'], { MIGRATIONLINT_PYTHON: python });
    expect(run.stderr).toContain(`migrationlint: orm.execute: alembic cannot be imported by ${python} (No module named 'alembic'); set MIGRATIONLINT_PYTHON to the project's Python; static translation used\n`);
    expect(run.code).toBe(plain.code);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(plain.stdout));
  });
});

describe.skipIf(missing !== undefined)('the language server with orm.execute set', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    if (client) expect(await client.stop()).toBe(0);
    client = undefined;
  });

  it('never runs a revision (the CLI does, so the marker would show it)', async () => {
    const revision = 'import pathlib\n\nfrom alembic import op\n\npathlib.Path(__file__).with_name("ran.marker").touch()\n\nrevision = "1000"\ndown_revision = None\n\n\ndef upgrade():\n    for table in ("orders",):\n        op.execute(f"CREATE INDEX ix_{table}_a ON {table} (a)")\n';
    const dir = copyOfFixture('lsp', { '.migrationlintrc.json': JSON.stringify({ migrations: [V], orm: { execute: true } }) });
    rmSync(path.join(dir, V), { recursive: true });
    cpSync(path.join(fixture, V, '1000_orders.py'), path.join(dir, V, '2000_orders.py'));
    const file = path.join(dir, V, '1000_marker.py');
    writeFileSync(file, revision);
    const marker = path.join(dir, V, 'ran.marker');
    const cli = runCli(['lint', '-f', 'json'], { cwd: dir });
    expect(existsSync(marker)).toBe(true);
    expect(cli.stdout).toContain('require-concurrent-index-creation');
    rmSync(marker);

    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, revision);
    const { items } = await client.pull(file);
    expect(items.map((d) => d.code)).not.toContain('require-concurrent-index-creation');
    expect(existsSync(marker)).toBe(false);
  });
});
