// A fix whose statement would change nothing in the schema model while the original changes it is
// withheld, by --fix-dry-run / --fix (with a notice) and in the json and sarif reports alike.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { removeTempProjects, tempProject } from '../helpers/temp-project.js';
import { CONFIG, FILES } from './no-op.cases.js';

afterAll(removeTempProjects);

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; fix?: unknown }[];
}
interface SarifLog {
  runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[]; fixes?: unknown[] }[] }[];
}

const NOTICES = [
  'fix withheld: migrations/00002_email.sql:3:30 prefer-robust-stmts "Add IF NOT EXISTS" would make the statement do nothing',
  'fix withheld: migrations/00002_email.sql:4:1 prefer-robust-stmts "Add IF NOT EXISTS" would make the statement do nothing',
  'fix withheld: migrations/00002_email.sql:5:1 prefer-robust-stmts "Add IF NOT EXISTS" would make the statement do nothing',
];
const OFFERED = ['3:30 no fix', '4:1 no fix', '5:1 no fix', '6:1 fix'];

describe('fixes that would make their statement do nothing', () => {
  it('are withheld by --fix-dry-run and --fix with a notice naming the statement, the others applied', () => {
    const dir = tempProject('no-op-fix', CONFIG, FILES);
    const dry = runCli(['lint', '--fix-dry-run'], { cwd: dir });
    for (const notice of NOTICES) expect(dry.stderr).toContain(notice);
    expect(dry.stdout).toContain('+CREATE INDEX CONCURRENTLY IF NOT EXISTS users_id_email_idx ON users (id, email);');
    expect(dry.stdout).not.toContain('+ALTER TABLE users ADD COLUMN IF NOT EXISTS');
    expect(dry.stderr).toContain('1 fix would change 1 file');

    runCli(['lint', '--fix'], { cwd: dir });
    const fixed = readFileSync(path.join(dir, 'migrations/00002_email.sql'), 'utf8');
    expect(fixed).toContain('ALTER TABLE users ADD COLUMN email text;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (lower(email));\nCREATE TABLE users (id bigint PRIMARY KEY, name text);');
    expect(fixed).toContain('CREATE INDEX CONCURRENTLY IF NOT EXISTS users_id_email_idx');
  });

  it('are left out of the json and sarif reports', () => {
    const dir = tempProject('no-op-report', CONFIG, FILES);
    const json = JSON.parse(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout) as JsonFile[];
    const robust = json.flatMap((f) => f.messages.filter((m) => m.ruleId === 'prefer-robust-stmts').map((m) => `${m.line}:${m.column} ${m.fix ? 'fix' : 'no fix'}`));
    expect(robust).toEqual(OFFERED);
    const sarif = JSON.parse(runCli(['lint', '-f', 'sarif'], { cwd: dir }).stdout) as SarifLog;
    const results = sarif.runs[0].results.filter((r) => r.ruleId === 'prefer-robust-stmts');
    expect(results.map((r) => `${r.locations[0].physicalLocation.region.startLine}:${r.locations[0].physicalLocation.region.startColumn} ${r.fixes ? 'fix' : 'no fix'}`)).toEqual(OFFERED);
  });
});
