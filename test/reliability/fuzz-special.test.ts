// The inputs a random sample rarely makes, each linted by the built CLI in a child process
// that is killed after 60 s: a 10 MB file, 100,000 statements, deeply nested expressions,
// non-UTF-8 and random bytes, and the lexer's corner cases (CR line ends, unterminated
// comments and quotes, a no-break space). Each must end with exit 0 or 1, JSON on stdout, no
// internal error and no stack trace — and give the finding the input calls for.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeeds, makeInput, random } from '../../bench/fuzz-inputs.js';
import { TOO_DEEP_MESSAGE } from '../../src/ast-depth.js';
import { atATime } from '../helpers/at-a-time.js';
import { bin, repoRoot } from '../helpers/cli.js';
import { corpusDir, requireCorpus } from '../helpers/shared.js';

/** A hang bound for one file, not a speed check. */
const BOUND_MS = 60_000;

interface LintRun {
  code: number | null;
  timedOut: boolean;
  stderr: string;
  messages: Array<{ ruleId: string; message: string }>;
}

let root: string;
let dir: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'ml-fuzz-special-'));
  // One level down: runner detection lists the directory above the inputs' (the shared temporary one otherwise).
  dir = path.join(root, 'inputs');
  mkdirSync(dir);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `migrationlint lint --format json target`, stdout into a file of its own beside the inputs (it can be megabytes). */
async function lintFile(target: string): Promise<LintRun> {
  const outFile = path.join(root, `${path.basename(target)}.out.json`);
  const fd = openSync(outFile, 'w');
  const child = spawn(process.execPath, [bin, 'lint', '--format', 'json', target], { cwd: dir, stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  closeSync(fd);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, BOUND_MS);
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  const text = readFileSync(outFile, 'utf8');
  let messages: LintRun['messages'] = [];
  try {
    const report = JSON.parse(text) as Array<{ messages: LintRun['messages'] }>;
    messages = report.flatMap((f) => f.messages);
  } catch {
    stderr += `\n(stdout is not JSON: ${text.slice(0, 200)})`;
  }
  return { code, timedOut, stderr, messages };
}

function expectSound(run: LintRun): void {
  expect(run.timedOut, 'the lint did not finish within the bound').toBe(false);
  expect([0, 1], run.stderr).toContain(run.code);
  expect(run.stderr).not.toMatch(/internal error|^\s+at /m);
}

const rules = (run: LintRun) => new Set(run.messages.map((m) => m.ruleId));

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/**
 * Lints each small input in a process of its own (bounded to 60 s as every run), two at a time
 * before the describe's tests, which then check each run: name → run.
 */
function lintEach(inputs: ReadonlyArray<readonly [name: string, content: string | Uint8Array]>): Map<string, LintRun> {
  const runs = new Map<string, LintRun>();
  beforeAll(async () => {
    const done = await atATime(inputs, 2, ([name, content]) => lintFile(write(name, content)));
    inputs.forEach(([name], i) => runs.set(name, done[i]!));
  }, 600_000);
  return runs;
}

const nest = (open: string, inner: string, close: string, n: number) => open.repeat(n) + inner + close.repeat(n);

describe('special inputs, each in a child process bounded to 60 s', () => {
  it('a 10 MB file of real migrations', { timeout: 180_000 }, async () => {
    if (!requireCorpus()) return;
    const texts = loadSeeds([corpusDir]).map((s) => Buffer.from(s.bytes).toString('utf8'));
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const t = `${texts[i % texts.length]!}\n;\n`;
      parts.push(t);
      size += Buffer.byteLength(t);
    }
    const run = await lintFile(write('ten_megabytes.sql', parts.join('')));
    expectSound(run);
    expect(run.messages.length).toBeGreaterThan(1000);
    expect(rules(run)).toContain('require-concurrent-index-creation');
  });

  it('a file of 100,000 statements', { timeout: 180_000 }, async () => {
    const kinds = [
      (i: number) => `CREATE TABLE t_${i} (id bigint PRIMARY KEY, v text);`,
      (i: number) => `CREATE INDEX ix_${i} ON t_${i} (v);`,
      (i: number) => `ALTER TABLE t_${i} ADD COLUMN c text;`,
      (i: number) => `INSERT INTO t_${i} (v) VALUES ('x');`,
      (i: number) => `DELETE FROM t_${i};`,
    ];
    const lines = Array.from({ length: 100_000 }, (_, k) => kinds[k % kinds.length]!(Math.floor(k / kinds.length)));
    const run = await lintFile(write('hundred_thousand.sql', `${lines.join('\n')}\n`));
    expectSound(run);
    expect(run.code).toBe(1);
    // Every fifth statement is a DELETE without WHERE: each one is found.
    expect(run.messages.filter((m) => m.ruleId === 'ban-delete-without-where').length).toBe(20_000);
    expect(rules(run)).not.toContain('syntax-error');
  });

  const deep: Array<[string, string, 'clean' | 'too-deep' | 'parser']> = [
    ['array_150', `SELECT ${nest('ARRAY[', '1', ']', 150)};`, 'clean'],
    ['array_1000', `SELECT ${nest('ARRAY[', '1', ']', 1000)};`, 'too-deep'],
    ['array_4997', `SELECT ${nest('ARRAY[', '1', ']', 4997)};`, 'too-deep'],
    ['array_6000', `SELECT ${nest('ARRAY[', '1', ']', 6000)};`, 'parser'],
    ['subquery_100', `SELECT ${nest('(SELECT ', '1', ')', 100)};`, 'clean'],
    ['subquery_1000', `SELECT ${nest('(SELECT ', '1', ')', 1000)};`, 'too-deep'],
    ['subquery_3000', `SELECT ${nest('(SELECT ', '1', ')', 3000)};`, 'parser'],
    ['case_1000', `SELECT ${nest('CASE WHEN true THEN ', '1', ' END', 1000)};`, 'too-deep'],
    ['plus_7000', `SELECT 1${' + 1'.repeat(7000)};`, 'too-deep'],
    ['parens_9000', `SELECT ${nest('(', '1', ')', 9000)};`, 'clean'],
    ['delete_where_300', `DELETE FROM t WHERE a IN ${nest('(SELECT a FROM t WHERE a IN ', '(1)', ')', 300)};`, 'too-deep'],
    ['do_block_3000', `DO $$ BEGIN PERFORM ${nest('ARRAY[', '1', ']', 3000)}; END $$;`, 'clean'],
    ['comments_10000', `${nest('/*', ' x ', '*/', 10_000)}\nSELECT 1;`, 'clean'],
  ];
  const deepRuns = lintEach(deep.map(([name, sql]) => [`${name}.sql`, `${sql}\n`]));
  it.each(deep)('deeply nested: %s', (name, _sql, expected) => {
    const run = deepRuns.get(`${name}.sql`)!;
    expectSound(run);
    const syntax = run.messages.filter((m) => m.ruleId === 'syntax-error');
    if (expected === 'clean') expect(syntax).toEqual([]);
    if (expected === 'too-deep') expect(syntax.map((m) => m.message)).toEqual([TOO_DEEP_MESSAGE]);
    if (expected === 'parser') expect(syntax.length === 1 && syntax[0]!.message !== TOO_DEEP_MESSAGE, JSON.stringify(syntax)).toBe(true);
  });

  const r = random(7);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
  const cases: Array<[string, string | Uint8Array, string]> = [
    ['latin1.sql', Buffer.from("CREATE TABLE caf\xe9 (id bigint PRIMARY KEY); -- na\xefve\n", 'latin1'), 'invalid-file'],
    ['utf16.sql', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('CREATE TABLE a (id bigint);\n', 'utf16le')]), 'invalid-file'],
    ['random.sql', bytes(1024 * 1024), 'invalid-file'],
    ['nul.sql', 'CREATE TABLE a (id bigint);\0\nSELECT 1;\n', 'invalid-file'],
    ['cr_only.sql', '-- old Mac line ends\rDELETE FROM accounts;\r', 'ban-delete-without-where'],
    ['unterminated_comment.sql', 'CREATE TABLE a (id bigint PRIMARY KEY);\n/* never closed\n', 'syntax-error'],
    ['only_unterminated_comment.sql', '/* never closed\n', 'syntax-error'],
    ['no_break_space.sql', '\u00a0\n', 'syntax-error'],
    ['unterminated_string.sql', "INSERT INTO a VALUES ('never closed);\n", 'syntax-error'],
    ['unterminated_dollar.sql', 'DO $body$ BEGIN NULL; END\n', 'syntax-error'],
    ['long_literal.sql', `INSERT INTO a (v) VALUES ('${'x'.repeat(1024 * 1024)}');\n`, 'clean'],
  ];
  const caseRuns = lintEach(cases.map(([name, content]) => [name, content]));
  it.each(cases)('%s', (name, _content, expected) => {
    const run = caseRuns.get(name)!;
    expectSound(run);
    if (expected === 'clean') expect(run.messages).toEqual([]);
    else expect([...rules(run)]).toContain(expected);
  });

  it('300 fuzz inputs in one directory: exit 0 or 1, no internal error', { timeout: 120_000 }, async () => {
    const seeds = loadSeeds([path.join(repoRoot, 'fixtures'), ...(requireCorpus() ? [corpusDir] : [])]);
    const sub = path.join(dir, 'many');
    mkdirSync(sub);
    for (let i = 0; i < 300; i++) {
      const input = makeInput(99, i, seeds);
      writeFileSync(path.join(sub, `${String(i).padStart(3, '0')}_${input.name}`), input.bytes);
    }
    const run = await lintFile(sub);
    expectSound(run);
    expect(run.code).toBe(1);
  });
});
