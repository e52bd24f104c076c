// The built CLI (npm run build first): verify, trace, diff, report and apply --verify as a user
// runs them — output, formats and exit codes (0 clean, 1 findings/refused, 2 usage).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atATime } from '../helpers/at-a-time.js';
import { runCli, runCliAsync, type CliRun } from '../helpers/cli.js';
import { makeProject, type Project } from './project.js';

let project: Project;

beforeAll(() => {
  project = makeProject({
    '001_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);\n',
    '001_orders.down.sql': 'DROP INDEX orders_status_idx;\n',
    '002_note.up.sql': 'ALTER TABLE orders ADD COLUMN note text;\n',
    '002_note.down.sql': 'ALTER TABLE orders DROP COLUMN note;\n',
  });
});
afterAll(() => {
  project?.remove();
});

const cli = (...args: string[]) => runCli(args, { cwd: project.dir, env: { DATABASE_URL: undefined } });
/** Independent runs, two at a time (each starts a process and a PGlite): their results in order. */
const clis = <T extends string[][]>(...runs: T) =>
  atATime(runs, 2, (args) => runCliAsync(args, { cwd: project.dir, env: { DATABASE_URL: undefined } })) as Promise<{ [K in keyof T]: CliRun }>;

// Each run starts a process and a PGlite: generous timeouts for loaded machines.
describe('migrationlint verify (CLI)', { timeout: 240_000 }, () => {
  it('prints findings like lint, a summary on stderr, and exits 1', () => {
    const r = cli('verify');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('migrations/001_orders.down.sql');
    expect(r.stdout).toContain('1:1  error  Down of 001 does not restore the schema before the up: table public.orders is left over.  verify-down-mismatch');
    expect(r.stderr).toMatch(/^migrations: 2 migrations on PGlite \(PostgreSQL 18\.\d+, in memory\) \(ready in [\d.]+ m?s\), [\d.]+ m?s: 2\/2 up applied, 2 downs checked, 1 not restoring the schema\n  the replay server is PostgreSQL 18, newer than pgVersion 16: it accepts syntax PostgreSQL 16 rejects \(kept as unsupported-syntax findings\)\n$/);
  });

  it('writes SARIF and JSON through the lint reporters', async () => {
    const [sarifRun, jsonRun] = await clis(['verify', '-f', 'sarif'], ['verify', '--format', 'json']);
    const sarif = JSON.parse(sarifRun.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toEqual(['verify-down-mismatch']);
    const json = JSON.parse(jsonRun.stdout) as Array<{ filePath: string; errorCount: number }>;
    expect(json.map((f) => [f.filePath.slice(project.dir.length), f.errorCount])).toEqual([
      ['/migrations/001_orders.down.sql', 1],
      ['/migrations/001_orders.up.sql', 0],
      ['/migrations/002_note.down.sql', 0],
      ['/migrations/002_note.up.sql', 0],
    ]);
  });

  it('exits 0 on a clean set (the paths given are the set replayed), and 2 on bad input', async () => {
    const [clean, note, url, setup, down] = await clis(
      ['verify', 'migrations/001_orders.up.sql'],
      ['verify', 'migrations/002_note.up.sql'],
      ['verify', '--shadow-url', 'mysql://u:secret@host/db'],
      ['verify', '--setup', 'missing.sql'],
      ['verify', '--shadow-url', 'postgres://u:secret@127.0.0.1:1/db'],
    );
    expect([clean.code, clean.stdout]).toEqual([0, '']);
    expect(note.code).toBe(1);
    expect(url.code).toBe(2);
    expect(url.stderr).toBe('migrationlint: --shadow-url must be a postgres:// or postgresql:// URL, not mysql://…\n');
    expect(setup.code).toBe(2);
    expect(setup.stderr).toMatch(/^migrationlint: --setup missing\.sql: cannot read it: ENOENT/);
    expect(down.code).toBe(1);
    expect(down.stderr).not.toContain('secret');
  });
});

describe('migrationlint trace / diff / report / apply --verify (CLI)', { timeout: 240_000 }, () => {
  it('traces a migration after its predecessors', async () => {
    const [r, down, explained, explainNothing, missing] = await clis(
      ['trace', 'migrations/002_note.up.sql'],
      ['trace', '002', '--down', '--format', 'json'],
      ['explain', '--trace', 'migrations/002_note.up.sql'],
      ['explain', '--trace'],
      ['trace', '999'],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Trace of 002 note \(up, migrations\/002_note\.up\.sql\) on PGlite \(PostgreSQL 18\.\d+, in memory\)\none transaction; after replaying 1 migration/);
    expect(r.stdout).toMatch(/ 1 {2}1 {5}ALTER TABLE orders ADD COLUMN note text {2}ACCESS EXCLUSIVE on public\.orders {6}- {10}- {18}\d+ m?s +ACCESS EXCLUSIVE on orders {2}ok\n/);
    const json = JSON.parse(down.stdout) as { section: string; statements: Array<{ locks: unknown; differences: string[] }> };
    expect(json.section).toBe('down');
    expect(json.statements[0]!.locks).toEqual([{ relation: 'public.orders', mode: 'ACCESS EXCLUSIVE', granted: true }]);
    expect([explained.code, explained.stdout.split('\n')[0]]).toEqual([0, r.stdout.split('\n')[0]]);
    expect(explainNothing.stderr).toBe('migrationlint: explain --trace takes one migration: a file or a version\n');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('migrationlint: 999: no migration file or version of the set\n');
  });

  it('diffs two points, and --exit-code says whether they differ', async () => {
    const [r, same, json] = await clis(['diff', '001', '002', '--exit-code'], ['diff', '002', '002', '--exit-code'], ['diff', 'empty', '001', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\n+ column public.orders.note\n');
    expect(same.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ from: { point: 'empty' }, to: { point: '001' }, removed: [], changed: [] });
  });

  it('apply --verify refuses a set whose pending migration fails verification; report shows nothing applied', () => {
    const r = cli('apply', '--verify');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('verify-down-mismatch');
    expect(r.stderr).toMatch(/migrationlint: Refusing to run: 1 verify error in the migrations about to run/);
    expect(cli('apply', '--shadow-url', 'postgres://x@localhost/db').code).toBe(2);
    const report = JSON.parse(cli('report', '--format', 'json').stdout) as { pending: Array<{ version: string }>; history: unknown[] };
    expect(report.pending.map((m) => m.version)).toEqual(['001', '002']);
    expect(report.history).toEqual([]);
  });
});
