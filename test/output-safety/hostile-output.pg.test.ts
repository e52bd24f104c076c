// Escape sequences in file names, comments, quoted identifiers and a database error message,
// through every command and format of the built CLI against a real PostgreSQL: nothing a
// terminal acts on (ESC, BEL, C1, any other control but tab/newline) reaches stdout or stderr.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reporters } from '../../src/reporters/index.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { requireServer, startPostgres, type PgServer, type StartResult } from '../helpers/postgres.js';

const WINDOW_TITLE = '\x1b]0;pwned\x07';
const CLEAR_SCREEN = '\x1b[2J';
const FAKE_ALL_GOOD = '\x1b[1A\x1b[2KAll good, 0 problems';
const CONCEAL = '\x1b[8m';
const C1_CSI = '\u009b2J';

/** Raw control characters a terminal acts on; tab and newline are layout. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** How the hostile input shows once escaped: visibly (text) or as JSON escapes. */
const ESCAPED = /\\x1b|\\u001b|\\u009b/;

const TABLE = `"t${FAKE_ALL_GOOD}"`;
const FILES: Record<string, string> = {
  [`001_create${WINDOW_TITLE}.up.sql`]: `-- title ${WINDOW_TITLE} clear ${CLEAR_SCREEN}\nCREATE TABLE ${TABLE} (id int, "c${CONCEAL}" text, "d${C1_CSI}" int);\n`,
  '002_index.up.sql': `CREATE INDEX "ix${CONCEAL}" ON ${TABLE} (id);\n`,
  '003_boom.up.sql': `CREATE INDEX CONCURRENTLY "ix2${CONCEAL}" ON ${TABLE} (id);\nDO $$ BEGIN RAISE EXCEPTION 'boom ${WINDOW_TITLE} ${CLEAR_SCREEN} ${C1_CSI} ${FAKE_ALL_GOOD}'; END $$;\n`,
};
// Warnings, so `apply` runs the set and meets the database error in 003.
const CONFIG = {
  migrations: 'migrations',
  rules: { 'require-concurrent-index-creation': 'warning', 'prefer-bigint-over-int': 'warning', 'mixed-transactional-statements': 'warning' },
};

let started: StartResult | undefined;
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ml-hostile-'));
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify(CONFIG));
  for (const [name, sql] of Object.entries(FILES)) writeFileSync(path.join(dir, 'migrations', name), sql);
  started = await startPostgres();
});
afterAll(async () => {
  if (started && 'server' in started) await started.server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function expectSafe(label: string, run: CliRun): void {
  const all = run.stdout + run.stderr;
  const raw = RAW_CONTROL.exec(all);
  expect(raw, `${label}: raw U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(all.slice(Math.max(0, (raw?.index ?? 0) - 40), (raw?.index ?? 0) + 40))}`).toBeNull();
  // The hostile text did reach the output (escaped): the check above saw it.
  expect(all, `${label} printed no hostile text at all:\n${all}`).toMatch(ESCAPED);
}

const cli = (args: string[]) => runCli(args, { cwd: dir });

describe('hostile input never reaches a terminal raw', () => {
  it('lint in every format, --fix-dry-run, explain', () => {
    for (const format of Object.keys(reporters)) expectSafe(`lint -f ${format}`, cli(['lint', '-f', format]));
    // --fix-all: by default --fix only edits the newest migration, and 002 holds the fixable index.
    expectSafe('lint --fix-dry-run', cli(['lint', '--fix-dry-run', '--fix-all']));
    expectSafe('explain', cli(['explain']));
    expectSafe('explain -f json', cli(['explain', '-f', 'json']));
    // What a person sees: the forged "All good" line is one visible, escaped piece of text.
    const stylish = cli(['lint']).stdout;
    expect(stylish).toContain(`migrations/001_create\\x1b]0;pwned\\x07.up.sql`);
    expect(stylish).toContain('CREATE TABLE "t\\x1b[1A\\x1b[2KAll good, 0 problems" (id int, "c\\x1b[8m" text, "d\\u009b2J" int);');
    expect(stylish).toContain('-- title \\x1b]0;pwned\\x07 clear \\x1b[2J');
  });

  it('apply, status, report, diff, trace and verify with a database error message', async (ctx) => {
    const server: PgServer = requireServer(started, ctx);
    const url = await server.createDatabase('hostile');
    const admin = await server.admin();
    await admin.query(`ALTER ROLE ${server.user} CREATEDB`).finally(() => admin.end());
    const db = ['--database-url', url];
    const shadow = ['--shadow-url', server.url('postgres')];

    expectSafe('apply --dry-run', cli(['apply', '--dry-run', ...db]));
    const apply = cli(['apply', ...db]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`boom \\x1b]0;pwned\\x07 \\x1b[2J \\u009b2J \\x1b[1A\\x1b[2KAll good, 0 problems`);
    expectSafe('apply', apply);
    expectSafe('apply --retry-failed --format json', cli(['apply', '--retry-failed', '--format', 'json', ...db]));
    expectSafe('status', cli(['status', ...db]));
    expectSafe('status --format json', cli(['status', '--format', 'json', ...db]));
    expectSafe('report', cli(['report', ...db]));
    expectSafe('report --format json', cli(['report', '--format', 'json', ...db]));
    expectSafe('diff', cli(['diff', 'empty', 'db', ...db, ...shadow]));
    expectSafe('diff --format json', cli(['diff', 'empty', 'db', '--format', 'json', ...db, ...shadow]));
    expectSafe('trace', cli(['trace', '002', ...shadow]));
    expectSafe('trace --format json', cli(['trace', '002', '--format', 'json', ...shadow]));
    for (const format of Object.keys(reporters)) expectSafe(`verify -f ${format}`, cli(['verify', '-f', format, ...shadow]));
  });
});
