// A fix that would add an error is withheld everywhere the CLI offers fixes — --fix, --fix-dry-run,
// the JSON and SARIF reports — as the language server withholds it (test/lsp/server.test.ts), and
// the CLI says so once per withheld fix. A safe fix beside it is still offered and applied.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const TABLE = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, note text);\n';
// With CONCURRENTLY the file could not run in the one transaction its runner wraps it in.
const UNSAFE = 'SELECT 1; CREATE INDEX ix_orders_customer ON orders (customer_id);\n';
const SAFE = 'CREATE INDEX ix_orders_note ON orders (note);\n';
const NOTICE =
  'migrationlint: fix withheld: migrations/002_unsafe.sql:1:11 require-concurrent-index-creation "Add CONCURRENTLY" would add error mixed-transactional-statements\n';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-withheld-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
  writeFileSync(join(dir, 'migrations/001_table.sql'), TABLE);
  writeFileSync(join(dir, 'migrations/002_unsafe.sql'), UNSAFE);
  writeFileSync(join(dir, 'migrations/003_safe.sql'), SAFE);
  return dir;
}

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; fix?: unknown }[];
}

describe('a fix that would add an error', () => {
  it('is not in the JSON report; the finding stays; one notice', () => {
    const dir = project();
    const run = runCli(['lint', '-f', 'json'], { cwd: dir });
    const byFile = new Map((JSON.parse(run.stdout) as JsonFile[]).map((f) => [f.filePath.replace(`${dir}/`, ''), f.messages]));
    expect(byFile.get('migrations/002_unsafe.sql')!.map((m) => [m.ruleId, m.fix !== undefined])).toEqual([['require-concurrent-index-creation', false]]);
    expect(byFile.get('migrations/003_safe.sql')!.map((m) => [m.ruleId, m.fix !== undefined])).toEqual([['require-concurrent-index-creation', true]]);
    expect(run.stderr).toBe(NOTICE);
    expect(run.code).toBe(1);
  });

  it('is not among the SARIF fixes', () => {
    const dir = project();
    const run = runCli(['lint', '-f', 'sarif'], { cwd: dir });
    const results = (JSON.parse(run.stdout) as Log).runs[0].results!;
    const fixesOf = (file: string) => results.filter((r) => r.locations![0].physicalLocation!.artifactLocation!.uri!.endsWith(file)).map((r) => r.fixes?.length ?? 0);
    expect(fixesOf('002_unsafe.sql')).toEqual([0]);
    expect(fixesOf('003_safe.sql')).toEqual([1]);
    expect(run.stderr).toBe(NOTICE);
  });

  it('is not in the --fix-dry-run diff, and --fix leaves its file as it was', () => {
    const dir = project();
    const dry = runCli(['lint', '--fix-dry-run', '--fix-all'], { cwd: dir });
    expect(dry.stdout).toContain('+CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note);');
    expect(dry.stdout).not.toContain('002_unsafe.sql');
    expect(dry.stderr).toBe(`${NOTICE}migrationlint: 1 fix would change 1 file; 1 error would remain.\n`);

    const fix = runCli(['lint', '--fix', '--fix-all'], { cwd: dir });
    expect(fix.stderr).toContain(NOTICE);
    expect(fix.stderr.split(NOTICE)).toHaveLength(2);
    expect(readFileSync(join(dir, 'migrations/002_unsafe.sql'), 'utf8')).toBe(UNSAFE);
    expect(readFileSync(join(dir, 'migrations/003_safe.sql'), 'utf8')).toBe('CREATE INDEX CONCURRENTLY ix_orders_note ON orders (note);\n');
    // The fixed set: the withheld finding is still reported, with no fix, and still said once.
    const after = runCli(['lint', '-f', 'json'], { cwd: dir });
    expect(after.stderr).toBe(NOTICE);
  });
});
