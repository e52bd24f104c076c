import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { LspClient, uriOf } from './client.js';
import { CONFIG as NO_OP_CONFIG, FILES as NO_OP_FILES } from '../fixes/no-op.cases.js';

function project(files: Record<string, string>, config: object = { migrations: ['migrations'] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-lsp-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify(config));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const INDEX = 'CREATE INDEX ix_orders_customer ON orders (customer_id);\n';
/** The table INDEX is on: CONCURRENTLY is offered only on a table the model knows (not partitioned). */
const ORDERS = { 'migrations/000_orders.sql': 'CREATE TABLE orders (id bigint, customer_id bigint);\n' };
const simplify = (d: Diagnostic) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.severity === 1 ? 2 : 1];

function applyAction(text: string, uri: string, action: CodeAction | undefined): string {
  const edits: TextEdit[] = action?.edit?.changes?.[uri] ?? [];
  expect(edits.length).toBeGreaterThan(0);
  return TextDocument.applyEdits(TextDocument.create(uri, 'sql', 1, text), edits);
}

let client: LspClient | undefined;
afterEach(async () => {
  if (client) expect(await client.stop()).toBe(0);
  client = undefined;
});

describe('migrationlint lsp (pull diagnostics)', () => {
  it('gives the same findings as `migrationlint lint` for the same file, from the same config', async () => {
    // The down files make the set "use downs", so 002 without a down is flagged: only a lint of
    // the whole set sees that; naming-convention is on only through the config.
    const dir = project(
      {
        'migrations/001_orders.up.sql': 'CREATE TABLE orders (id bigint, customer_id bigint, CONSTRAINT pk_orders PRIMARY KEY (id));\n',
        'migrations/001_orders.down.sql': 'DROP TABLE orders;\n',
        'migrations/002_index.up.sql': `-- index for the customer page\n${INDEX}CREATE INDEX CONCURRENTLY orders_id ON orders (id);\n`,
      },
      { migrations: ['migrations'], rules: { 'naming-convention': ['warning', { preset: 'prefixed' }] } },
    );
    const file = join(dir, 'migrations/002_index.up.sql');
    const cli = runCli(['lint', '-f', 'json'], { cwd: dir });
    const entry = (JSON.parse(cli.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number; endLine: number; endColumn: number; severity: number }> }>).find((e) => e.filePath === file);
    const expected = entry!.messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.severity]);
    expect(expected.map((m) => m[0])).toEqual(expect.arrayContaining(['require-down-migration', 'require-concurrent-index-creation', 'naming-convention']));

    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, `-- index for the customer page\n${INDEX}CREATE INDEX CONCURRENTLY orders_id ON orders (id);\n`);
    const { items, kind, resultId } = await client.pull(file);
    expect(kind).toBe('full');
    expect(items.map(simplify)).toEqual(expected);
    expect(items.every((d) => d.source === 'migrationlint')).toBe(true);
    // Nothing changed: the server answers "unchanged" for the previous result id.
    expect((await client.pull(file, resultId)).kind).toBe('unchanged');
  });

  it('lints the unsaved buffer, and sees a new file on disk after didChangeWatchedFiles', async () => {
    const dir = project({
      'migrations/001_a.up.sql': 'CREATE TABLE orders (id bigint);\n',
      'migrations/001_a.down.sql': 'DROP TABLE orders;\n',
      'migrations/002_b.up.sql': 'SELECT 1;\n',
    });
    const file = join(dir, 'migrations/002_b.up.sql');
    const codes = async () => (await client!.pull(file)).items.map((d) => d.code).filter((c) => c === 'require-down-migration' || c === 'require-concurrent-index-creation');
    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, 'SELECT 1;\n');
    expect(await codes()).toEqual(['require-down-migration']);
    await client.change(file, `SELECT 1;\n${INDEX}`);
    expect(await codes()).toEqual(['require-down-migration', 'require-concurrent-index-creation']);
    writeFileSync(join(dir, 'migrations/002_b.down.sql'), 'SELECT 1;\n');
    await client.filesChanged([{ uri: uriOf(join(dir, 'migrations/002_b.down.sql')), type: 1 }]);
    expect(await codes()).toEqual(['require-concurrent-index-creation']);
    expect(client.refreshes).toBe(1);
  });

  it('reads the schema of earlier migrations from their open buffers, keystroke after keystroke', async () => {
    // varchar(10) → varchar(20) is binary-coercible; text → varchar(20) rewrites the table. Only
    // the schema model replayed from 001 tells them apart.
    const varchar = 'CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(10));\n';
    const text = 'CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n';
    const alter = 'ALTER TABLE orders ALTER COLUMN note TYPE varchar(20);\n';
    const dir = project({ 'migrations/001_a.sql': varchar, 'migrations/002_b.sql': alter });
    const [first, second] = [join(dir, 'migrations/001_a.sql'), join(dir, 'migrations/002_b.sql')];
    const rewrites = async () => (await client!.pull(second)).items.some((d) => d.code === 'changing-column-type');
    client = await LspClient.start({ root: dir, pull: true });
    await client.open(second, alter);
    expect(await rewrites()).toBe(false);
    await client.change(second, `${alter}-- typing\n`);
    expect(await rewrites()).toBe(false);
    await client.open(first, varchar);
    await client.change(first, text); // unsaved: the disk still says varchar(10)
    expect(await rewrites()).toBe(true);
    await client.change(second, `${alter}-- typing more\n`);
    expect(await rewrites()).toBe(true);
    await client.change(first, varchar);
    expect(await rewrites()).toBe(false);
  });

  it('offers each fix and an "ignore" suppression as code actions, which remove the finding', async () => {
    const dir = project({ ...ORDERS, 'migrations/001_a.sql': 'SELECT 1;\n' });
    const file = join(dir, 'migrations/001_a.sql');
    const uri = uriOf(file);
    const text = `-- customer page\n${INDEX}`;
    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, text);
    const finding = (await client.pull(file)).items.find((d) => d.code === 'require-concurrent-index-creation')!;
    expect(finding.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 55 } });
    const actions = await client.codeActions(file, finding.range, [finding]);
    expect(actions.map((a) => a.title)).toEqual(['Add CONCURRENTLY (require-concurrent-index-creation)', 'Ignore require-concurrent-index-creation for this statement']);

    const fixed = applyAction(text, uri, actions[0]);
    expect(fixed).toBe('-- customer page\nCREATE INDEX CONCURRENTLY ix_orders_customer ON orders (customer_id);\n');
    await client.change(file, fixed);
    expect((await client.pull(file)).items.filter((d) => d.code === finding.code)).toEqual([]);
  });

  it('offers the actions of the diagnostics the client names, for a range that is only the cursor', async () => {
    const dir = project({ ...ORDERS, 'migrations/001_a.sql': INDEX });
    const file = join(dir, 'migrations/001_a.sql');
    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, `\n\n${INDEX}`);
    const finding = (await client.pull(file)).items.find((d) => d.code === 'require-concurrent-index-creation')!;
    const cursor = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    expect(await client.codeActions(file, cursor)).toEqual([]);
    expect((await client.codeActions(file, cursor, [finding])).map((a) => a.title)).toEqual([
      'Add CONCURRENTLY (require-concurrent-index-creation)',
      'Ignore require-concurrent-index-creation for this statement',
    ]);
  });

  it('offers no fix that would leave its statement doing nothing, as `lint` reports none, though diagnostics skip that check', async () => {
    const dir = project(NO_OP_FILES, NO_OP_CONFIG);
    const file = join(dir, 'migrations/00002_email.sql');
    const text = NO_OP_FILES['migrations/00002_email.sql'];
    const json = JSON.parse(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; fix?: unknown }> }>;
    const offered = (json.find((f) => f.filePath === file)?.messages ?? []).filter((m) => m.ruleId === 'prefer-robust-stmts').map((m) => `${m.line} ${m.fix ? 'fix' : 'no fix'}`);
    expect(offered).toEqual(['3 no fix', '4 no fix', '5 no fix', '6 fix']);
    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, text);
    const robust = (await client.pull(file)).items.filter((d) => d.code === 'prefer-robust-stmts');
    const actions = [];
    for (const d of robust) actions.push(`${d.range.start.line + 1} ${(await client.codeActions(file, d.range, [d])).some((a) => a.isPreferred) ? 'fix' : 'no fix'}`);
    expect(actions).toEqual(offered);
  });

  it('offers no fix whose result lints with a new error, and an "ignore" that still needs a reason', async () => {
    const dir = project({ 'migrations/001_a.sql': 'SELECT 1;\n' }, { migrations: ['migrations'], rules: { 'suppression-missing-reason': 'error' } });
    const file = join(dir, 'migrations/001_a.sql');
    const uri = uriOf(file);
    // With CONCURRENTLY the file could not run in a transaction: mixed-transactional-statements.
    const text = `SELECT 1; ${INDEX}`;
    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, text);
    const finding = (await client.pull(file)).items.find((d) => d.code === 'require-concurrent-index-creation')!;
    expect(finding.range).toEqual({ start: { line: 0, character: 10 }, end: { line: 0, character: 65 } });
    const actions = await client.codeActions(file, finding.range, [finding]);
    expect(actions.map((a) => a.title)).toEqual(['Ignore require-concurrent-index-creation for this statement']);

    // The statement shares its line with another: the suppression moves it to its own line.
    const ignored = applyAction(text, uri, actions[0]);
    expect(ignored).toBe(`SELECT 1;\n-- migrationlint-ignore require-concurrent-index-creation -- <why is this safe?>\n${INDEX}`);
    await client.change(file, ignored);
    const after = (await client.pull(file)).items;
    expect(after.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ['suppression-missing-reason', 1, 'migrationlint-ignore has the placeholder "<why is this safe?>" instead of a reason: replace it with why this is safe.'],
    ]);
  });

  it('shows a bad config as a diagnostic instead of failing silently', async () => {
    const dir = project({ 'migrations/001_a.sql': 'SELECT 1;\n' }, { migrations: ['migrations'], rules: { 'no-such-rule': 'error' } });
    const file = join(dir, 'migrations/001_a.sql');
    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, 'SELECT 1;\n');
    const [diagnostic] = (await client.pull(file)).items;
    expect(diagnostic).toMatchObject({ code: 'configuration', severity: 1, message: expect.stringContaining('no-such-rule') });
  });
});

describe('migrationlint lsp (pushed diagnostics)', () => {
  it('publishes on open, after a burst of changes once (debounced), and on save', async () => {
    const dir = project({ 'migrations/001_a.sql': INDEX });
    const file = join(dir, 'migrations/001_a.sql');
    client = await LspClient.start({ root: dir, pull: false, debounceMs: 150 });
    const opened = client.nextDiagnostics(file);
    await client.open(file, INDEX);
    const CODE = 'require-concurrent-index-creation';
    expect((await opened).diagnostics.map((d) => d.code)).toContain(CODE);

    const before = client.published.length;
    let version = 0;
    for (const text of ['CREATE', 'CREATE INDEX CONC', 'CREATE INDEX CONCURRENTLY ix ON orders (customer_id);\n']) version = await client.change(file, text);
    const settled = await client.nextDiagnostics(file, (p) => p.version === version);
    expect(settled.diagnostics.map((d) => d.code)).not.toContain(CODE);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.published.slice(before).map((p) => p.version)).toEqual([version]);

    writeFileSync(file, INDEX);
    const saved = client.nextDiagnostics(file);
    await client.change(file, INDEX);
    await client.save(file);
    expect((await saved).diagnostics.map((d) => d.code)).toContain(CODE);

    const closed = client.nextDiagnostics(file, (p) => p.diagnostics.length === 0);
    await client.close(file);
    expect((await closed).version).toBeUndefined();
  });
});
