// The built CLI (npm run build first): verify, trace, diff, report and apply --verify as a user
// runs them — output, formats and exit codes (0 clean, 1 findings/refused, 2 usage).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
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

// Each run starts a process and a PGlite: generous timeouts for loaded machines.
describe('migrationlint verify (CLI)', { timeout: 240_000 }, () => {
  it('prints findings like lint, a summary on stderr, and exits 1', () => {
    const r = cli('verify');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('migrations/001_orders.down.sql');
    expect(r.stdout).toContain('1:1  error  Down of 001 does not restore the schema before the up: table public.orders is left over.  verify-down-mismatch');
    expect(r.stderr).toMatch(/^migrations: 2 migrations on PGlite \(PostgreSQL 18\.\d+, in memory\) \(ready in [\d.]+ m?s\), [\d.]+ m?s: 2\/2 up applied, 2 downs checked, 1 not restoring the schema\n  the replay server is PostgreSQL 18, newer than pgVersion 16: it accepts syntax PostgreSQL 16 rejects \(kept as unsupported-syntax findings\)\n$/);
  });

  it('writes SARIF and JSON through the lint reporters', () => {
    const sarif = JSON.parse(cli('verify', '-f', 'sarif').stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toEqual(['verify-down-mismatch']);
    const json = JSON.parse(cli('verify', '--format', 'json').stdout) as Array<{ filePath: string; errorCount: number }>;
    expect(json.map((f) => [f.filePath.slice(project.dir.length), f.errorCount])).toEqual([
      ['/migrations/001_orders.down.sql', 1],
      ['/migrations/001_orders.up.sql', 0],
      ['/migrations/002_note.down.sql', 0],
      ['/migrations/002_note.up.sql', 0],
    ]);
  });

  it('exits 0 on a clean set (the paths given are the set replayed), and 2 on bad input', () => {
    const clean = cli('verify', 'migrations/001_orders.up.sql');
    expect([clean.code, clean.stdout]).toEqual([0, '']);
    expect(cli('verify', 'migrations/002_note.up.sql').code).toBe(1);
    const url = cli('verify', '--shadow-url', 'mysql://u:secret@host/db');
    expect(url.code).toBe(2);
    expect(url.stderr).toBe('migrationlint: --shadow-url must be a postgres:// or postgresql:// URL, not mysql://…\n');
    const setup = cli('verify', '--setup', 'missing.sql');
    expect(setup.code).toBe(2);
    expect(setup.stderr).toMatch(/^migrationlint: --setup missing\.sql: cannot read it: ENOENT/);
    const down = cli('verify', '--shadow-url', 'postgres://u:secret@127.0.0.1:1/db');
    expect(down.code).toBe(1);
    expect(down.stderr).not.toContain('secret');
  });
});

describe('migrationlint trace / diff / report / apply --verify (CLI)', { timeout: 240_000 }, () => {
  it('traces a migration after its predecessors', () => {
    const r = cli('trace', 'migrations/002_note.up.sql');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Trace of 002 note \(up, migrations\/002_note\.up\.sql\) on PGlite \(PostgreSQL 18\.\d+, in memory\)\none transaction; after replaying 1 migration/);
    expect(r.stdout).toMatch(/ 1 {2}1 {5}ALTER TABLE orders ADD COLUMN note text {2}ACCESS EXCLUSIVE on public\.orders {6}- {10}- {18}\d+ m?s +ACCESS EXCLUSIVE on orders {2}ok\n/);
    const json = JSON.parse(cli('trace', '002', '--down', '--format', 'json').stdout) as { section: string; statements: Array<{ locks: unknown; differences: string[] }> };
    expect(json.section).toBe('down');
    expect(json.statements[0]!.locks).toEqual([{ relation: 'public.orders', mode: 'ACCESS EXCLUSIVE', granted: true }]);
    const explained = cli('explain', '--trace', 'migrations/002_note.up.sql');
    expect([explained.code, explained.stdout.split('\n')[0]]).toEqual([0, r.stdout.split('\n')[0]]);
    expect(cli('explain', '--trace').stderr).toBe('migrationlint: explain --trace takes one migration: a file or a version\n');
    const missing = cli('trace', '999');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('migrationlint: 999: no migration file or version of the set\n');
  });

  it('diffs two points, and --exit-code says whether they differ', () => {
    const r = cli('diff', '001', '002', '--exit-code');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\n+ column public.orders.note\n');
    expect(cli('diff', '002', '002', '--exit-code').code).toBe(0);
    expect(JSON.parse(cli('diff', 'empty', '001', '--format', 'json').stdout)).toMatchObject({ from: { point: 'empty' }, to: { point: '001' }, removed: [], changed: [] });
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
