// The json and sarif reports offer only the fixes `lint --fix` would apply: a fix whose text lints
// with an error its file did not have is withheld there too (the finding has no fix), while the
// file's other fixes stay. Through the CLI, as an editor or code scanning reads the reports.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeTempProjects, tempProject } from '../helpers/temp-project.js';

afterAll(removeTempProjects);

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; fix?: { range: [number, number]; text: string } }[];
}
interface SarifLog {
  runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; fixes?: unknown[] }[] }[];
}

/** `file:line:col rule` of every finding, with whether it carries a fix. */
function jsonFixes(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonFile[]).flatMap((f) => f.messages.filter((m) => m.ruleId.startsWith('prefer-')).map((m) => `${f.filePath.split('/').pop()}:${m.line}:${m.column} ${m.ruleId} ${m.fix ? 'fix' : 'no fix'}`));
}
function sarifFixes(stdout: string): string[] {
  return (JSON.parse(stdout) as SarifLog).runs[0].results
    .filter((r) => r.ruleId.startsWith('prefer-'))
    .map((r) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      return `${artifactLocation.uri.split('/').pop()}:${region.startLine}:${region.startColumn} ${r.ruleId} ${r.fixes ? 'fix' : 'no fix'}`;
    });
}

const TABLES = 'CREATE TABLE task (id bigint PRIMARY KEY);\n';
// text for varchar(16) would turn the later widening to varchar(64) (binary coercible) into a
// rewrite of task: changing-column-type, an error the file did not have.
const WIDENED = [
  'ALTER TABLE task ADD COLUMN vendor_type varchar(16);',
  'ALTER TABLE task ALTER COLUMN vendor_type TYPE varchar(64);',
  'CREATE TABLE note (body varchar(100), at timestamp);',
  '',
].join('\n');
const EXPECTED = ['002_task.sql:1:41 prefer-text-field no fix', '002_task.sql:2:48 prefer-text-field no fix', '002_task.sql:3:25 prefer-text-field fix', '002_task.sql:3:42 prefer-timestamptz fix'];

describe('fixes in the json and sarif reports', () => {
  it('leave out a fix that would add an error to its file, keep the others, and agree with --fix-dry-run', () => {
    const dir = tempProject('report-fixes', { migrations: ['migrations'] }, { 'migrations/001_tables.sql': TABLES, 'migrations/002_task.sql': WIDENED });
    expect(jsonFixes(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout)).toEqual(EXPECTED);
    expect(sarifFixes(runCli(['lint', '-f', 'sarif'], { cwd: dir }).stdout)).toEqual(EXPECTED);
    const dry = runCli(['lint', '--fix-dry-run'], { cwd: dir });
    expect(dry.stderr).toContain('fix withheld: migrations/002_task.sql:1:41 prefer-text-field "Use text" would add error changing-column-type');
    expect(dry.stderr).toContain('2 fixes would change 1 file');
  });

  it('relint a file with up and down sections in place (goose), from the schema the earlier migrations built', () => {
    const up = WIDENED.replace(/\n$/, '');
    const goose = `-- +goose Up\n${up}\n\n-- +goose Down\nALTER TABLE task ALTER COLUMN vendor_type TYPE varchar(16);\nALTER TABLE task DROP COLUMN vendor_type;\nDROP TABLE note;\n`;
    const dir = tempProject('report-fixes-goose', { migrations: ['migrations'], runner: 'goose' }, {
      'migrations/001_tables.sql': `-- +goose Up\n${TABLES}-- +goose Down\nDROP TABLE task;\n`,
      'migrations/002_task.sql': goose,
    });
    const shifted = EXPECTED.map((e) => e.replace(/:(\d+):/, (_, line: string) => `:${Number(line) + 1}:`));
    expect(jsonFixes(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout).filter((e) => e.includes(':2:') || e.includes(':3:') || e.includes(':4:'))).toEqual(shifted);
  });

  it('keep a fix whose error the set already had: only an added error withholds it', () => {
    // The widening is already a rewrite (text to varchar(64)): the type fix adds nothing.
    const dir = tempProject('report-fixes-kept', { migrations: ['migrations'] }, {
      'migrations/001_tables.sql': TABLES,
      'migrations/002_task.sql': WIDENED.replace('varchar(16)', 'text').replace('CREATE TABLE note (body varchar(100)', 'CREATE TABLE note (body varchar(16)'),
    });
    expect(jsonFixes(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout)).toEqual(['002_task.sql:2:48 prefer-text-field no fix', '002_task.sql:3:25 prefer-text-field fix', '002_task.sql:3:41 prefer-timestamptz fix']);
  });

  it('relint statements after a fix where the fix moved them, and with what the fix changed before them', () => {
    // Each lint of the fix check parses again only the statements a fix touches. In 002 the fixes
    // lengthen the text before a suppressed error (multi-byte text around it) by more than its
    // column: it must stay suppressed where it moved, or the fixes would be taken for adding it. In
    // 003 the type fix makes the last statement a rewrite: that statement must see the fixed type.
    const dir = tempProject('report-fixes-moved', { migrations: ['migrations'] }, {
      'migrations/001_tables.sql': 'CREATE TABLE task (id bigint PRIMARY KEY, code int);\n',
      'migrations/002_note.sql': [
        "-- größe ✓: notes, and the task's code",
        `CREATE TABLE note (at timestamp, label text DEFAULT 'größe ✓', ${Array.from({ length: 12 }, (_, i) => `n${i} int`).join(', ')});`,
        '-- migrationlint-ignore changing-column-type -- reviewed: task is empty when this runs (größe)',
        'ALTER TABLE task ALTER COLUMN code TYPE bigint;',
        '',
      ].join('\n'),
      'migrations/003_task.sql': ['ALTER TABLE task ADD COLUMN vendor_type varchar(16);', "COMMENT ON COLUMN task.vendor_type IS 'größe';", 'ALTER TABLE task ALTER COLUMN vendor_type TYPE varchar(64);', ''].join('\n'),
    });
    const fixes = jsonFixes(runCli(['lint', '-f', 'json'], { cwd: dir }).stdout);
    expect(fixes.filter((e) => e.startsWith('002'))).toHaveLength(13);
    expect(fixes.filter((e) => e.startsWith('002') && e.endsWith('no fix'))).toEqual([]);
    expect(fixes.filter((e) => e.startsWith('003'))).toEqual(['003_task.sql:1:41 prefer-text-field no fix', '003_task.sql:3:48 prefer-text-field no fix']);
  });
});
