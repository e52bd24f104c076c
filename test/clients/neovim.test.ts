// `migrationlint lsp` driven by a real Neovim (headless, test/clients/neovim.lua): diagnostics at
// the right UTF-16 positions, updated after edits, code actions for the cursor's line applied
// through Neovim's own workspace edit, and an "Ignore" that apply does not accept until a person
// writes the reason.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, runCli } from '../helpers/cli.js';

const NVIM = process.env.NVIM_BIN ?? 'nvim';
const script = join(dirname(fileURLToPath(import.meta.url)), 'neovim.lua');
const nvimFound = spawnSync(NVIM, ['--version'], { encoding: 'utf8' }).status === 0;
if (!nvimFound && process.env.CI === 'true') throw new Error(`${NVIM} not found: CI must install neovim (.ci/run)`);
if (!nvimFound) console.warn(`skipping the Neovim client test: ${NVIM} not found`);

interface Step {
  step: string;
  file: string;
  version: number;
  lines: string[];
  lsp: Array<{ code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>;
  neovim: Array<{ code: string; lnum: number; col: number; end_col: number }>;
  actions?: { offered: string[]; chose?: string; request: { range: unknown; context: { diagnostics: Array<{ code: string }> } } };
}

const COMMENT = '-- Bestellungen für Kunden';
// é is 1 UTF-16 unit (2 bytes), ☕ 1 (3 bytes), 𝄞 2 (4 bytes): the finding starts at UTF-16 16, byte 21.
const INDEX_LINE = '/* café ☕ 𝄞 */ CREATE INDEX ix_orders_customer ON orders (customer_id);';
const NOT_NULL = 'ALTER TABLE orders ALTER COLUMN note SET NOT NULL;';

const root = mkdtempSync(join(tmpdir(), 'mlint-nvim-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function runNeovim(): { steps: Step[]; server_exit: number; error?: string } {
  mkdirSync(join(root, 'migrations'));
  writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'], rules: { 'suppression-missing-reason': 'error' } }));
  writeFileSync(join(root, 'migrations/001_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, note text);\n');
  writeFileSync(join(root, 'migrations/002_index.sql'), `${COMMENT}\n${INDEX_LINE}\n`);
  writeFileSync(join(root, 'migrations/003_note.sql'), `${NOT_NULL}\n`);
  const out = join(root, 'neovim.json');
  const run = spawnSync(NVIM, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${script}`], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MLINT_ROOT: root, MLINT_OUT: out, MLINT_NODE: process.execPath, MLINT_BIN: bin, NO_COLOR: '1' },
  });
  const log = JSON.parse(readFileSync(out, 'utf8')) as { steps: Step[]; server_exit: number; error?: string };
  if (process.env.MLINT_SHOW_NEOVIM) console.log(JSON.stringify(log, null, 1));
  expect(log.error, run.stderr).toBeUndefined();
  expect(run.status).toBe(0);
  return log;
}

const at = (d: Step['lsp'][number]) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];

describe.skipIf(!nvimFound)('Neovim (headless) with migrationlint lsp', () => {
  it('shows findings, updates them on edits, applies a fix and an ignore that still needs a reason', () => {
    const { steps, server_exit } = runNeovim();
    expect(steps.map((s) => `${s.file}: ${s.step}`)).toEqual([
      '002_index.sql: open',
      '002_index.sql: append a statement',
      '002_index.sql: code actions at the start of line 2, then delete line 3',
      '002_index.sql: apply "Add CONCURRENTLY"',
      '003_note.sql: open',
      '003_note.sql: apply "Ignore"',
    ]);
    const [open, appended, withheld, fixed, noteOpen, ignored] = steps as [Step, Step, Step, Step, Step, Step];

    // The statement, without its ';', in UTF-16 units (JavaScript string indexes).
    const [start, end] = [INDEX_LINE.indexOf('CREATE'), INDEX_LINE.indexOf(';')];
    expect([start, end]).toEqual([16, 71]);
    expect(open.lsp.map(at)).toEqual([['require-concurrent-index-creation', 1, start, 1, end]]);
    // Neovim turned them into the byte columns of its buffer.
    const bytes = (n: number) => Buffer.byteLength(INDEX_LINE.slice(0, n));
    expect(open.neovim).toEqual([{ code: 'require-concurrent-index-creation', lnum: 1, col: bytes(start), end_col: bytes(end) }]);
    expect(open.neovim[0]!.col).toBe(21);

    expect(appended.version).toBeGreaterThan(open.version);
    expect(appended.lsp.map(at)).toEqual([
      ['require-concurrent-index-creation', 1, start, 1, end],
      ['adding-not-nullable-field', 2, 0, 2, NOT_NULL.length - 1],
    ]);

    // The request is the cursor position plus the line's diagnostics, as Neovim sends it.
    expect(withheld.actions!.request.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
    expect(withheld.actions!.request.context.diagnostics.map((d) => d.code)).toEqual(['require-concurrent-index-creation']);
    // CONCURRENTLY beside the ALTER would make the file mixed-transactional-statements.
    expect(withheld.actions!.offered).toEqual(['Ignore require-concurrent-index-creation for this statement']);
    expect(withheld.lsp.map((d) => d.code)).toEqual(['require-concurrent-index-creation']);

    expect(fixed.actions!.offered).toEqual(['Add CONCURRENTLY (require-concurrent-index-creation)', 'Ignore require-concurrent-index-creation for this statement']);
    expect(fixed.lines).toEqual([COMMENT, INDEX_LINE.replace('CREATE INDEX', 'CREATE INDEX CONCURRENTLY')]);
    expect(fixed.lsp).toEqual([]);

    expect(noteOpen.lsp.map(at)).toEqual([['adding-not-nullable-field', 0, 0, 0, NOT_NULL.length - 1]]);
    expect(ignored.lines).toEqual(['-- migrationlint-ignore adding-not-nullable-field -- <why is this safe?>', NOT_NULL]);
    expect(ignored.lsp.map((d) => d.code)).toEqual(['suppression-missing-reason']);
    expect(server_exit).toBe(0);

    // Neovim wrote both buffers: apply refuses the placeholder, and accepts a reason.
    const env = { DATABASE_URL: undefined };
    const note = join(root, 'migrations/003_note.sql');
    expect(readFileSync(note, 'utf8')).toBe(`${ignored.lines.join('\n')}\n`);
    const refused = runCli(['apply', '--dry-run'], { cwd: root, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('suppressed without a reason');
    expect(refused.stderr).toContain('<why is this safe?>');
    writeFileSync(note, readFileSync(note, 'utf8').replace('<why is this safe?>', 'orders has 40 rows; the lock lasts milliseconds'));
    const accepted = runCli(['apply', '--dry-run'], { cwd: root, env });
    expect(accepted.stdout).toContain('Dry run: would apply 3 migrations');
    expect(accepted.code).toBe(0);
  });
});
