// The language server reuses a migration's analysis from the last keystroke when the edit left
// its statements as they were (a comment typed after them). Keystroke after keystroke — after the
// statements, on the character after the last one, in a comment a type fix reads, a suppression,
// before, inside and after a statement — the findings (fixes included) must be those of a fresh
// analysis of the same text, and the reuse must have happened where the edit allows it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config.js';
import { analyseSet, discoverSet } from '../../src/lint.js';
import type { KeptMigration, MigrationInputs } from '../../src/kept-analysis.js';
import { KeptMigrationAnalyses } from '../../src/lsp/kept-analyses.js';
import { loadParser } from '../../src/parse.js';

const root = mkdtempSync(join(tmpdir(), 'mlint-kept-'));
mkdirSync(join(root, 'migrations'));
writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
writeFileSync(join(root, 'migrations', '001_tables.sql'), 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n');
const edited = join(root, 'migrations', '002_edited.sql');
writeFileSync(edited, 'SELECT 1;\n');
writeFileSync(join(root, 'migrations', '003_index.sql'), 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n');

/** An open transaction (its fix reads the character after the last statement), a type fix, a foreign key a later index covers. */
const BASE = 'BEGIN;\nALTER TABLE orders ADD COLUMN note varchar(20);\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID';
const SUPPRESS = '\n-- migrationlint-ignore-file prefer-text-field -- typed';

/** Each text follows the one before as a keystroke would; `reused`: the edit leaves the statements and what rules read as they were. */
const STEPS: ReadonlyArray<[why: string, text: string, reused: boolean]> = [
  ['the file', `${BASE}\n`, false],
  ['a comment after the statements', `${BASE}\n-- a note`, true],
  ['a ";" on the character after the last statement', `${BASE};\n-- a note`, false],
  ['the comment goes on', `${BASE};\n-- a note, longer`, true],
  ['a comment naming the table as a partition after the column', `${BASE};\n-- a note ATTACH PARTITION orders`, false],
  ['a suppression typed after the statements', `${BASE};\n-- a note ATTACH PARTITION orders${SUPPRESS}`, true],
  ['the suppression deleted', `${BASE};\n-- a note ATTACH PARTITION orders`, true],
  ['a statement typed before', `CREATE TABLE notes (id bigint PRIMARY KEY);\n${BASE};\n`, false],
  ['a type changed inside a statement', `CREATE TABLE notes (id bigint PRIMARY KEY);\n${BASE.replace('varchar(20)', 'varchar(30)')};\n`, false],
  ['a statement typed after', `CREATE TABLE notes (id bigint PRIMARY KEY);\n${BASE.replace('varchar(20)', 'varchar(30)')};\nCREATE INDEX orders_note_idx ON orders (note);\n`, false],
  ['blank lines after it', `CREATE TABLE notes (id bigint PRIMARY KEY);\n${BASE.replace('varchar(20)', 'varchar(30)')};\nCREATE INDEX orders_note_idx ON orders (note);\n\n\n`, true],
];

/** Counts the analyses reused. */
class CountingKept extends KeptMigrationAnalyses {
  reused = 0;

  override reuse(inputs: MigrationInputs): KeptMigration | undefined {
    const found = super.reuse(inputs);
    if (found) this.reused++;
    return found;
  }
}

describe('language server, analyses kept between keystrokes', () => {
  let config: ResolvedConfig;
  beforeAll(async () => {
    await loadParser();
    config = await loadConfig({ cwd: root });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives after each keystroke the findings a fresh analysis of that text gives', async () => {
    const kept = new CountingKept();
    const report = (file: string) => file === edited;
    const seen = new Set<string>();
    for (const [why, text, reused] of STEPS) {
      const set = await discoverSet({ cwd: root, config, overrides: new Map([[edited, text]]) });
      const fresh = analyseSet(set, config, { report, markEmptyingFixes: false });
      const before = kept.reused;
      const again = analyseSet(set, config, { report, markEmptyingFixes: false, kept });
      expect(fresh.findings.length, why).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(again.findings)), why).toEqual(JSON.parse(JSON.stringify(fresh.findings)));
      expect(kept.reused - before, why).toBe(reused ? 1 : 0);
      for (const f of fresh.findings) seen.add(`${f.ruleId}${f.fix ? ' fixed' : ''}${f.suppressed ? ' suppressed' : ''}`);
    }
    // What the steps are about did happen: the findings whose fixes read past the statements, and a suppression.
    expect([...seen]).toEqual(expect.arrayContaining(['ban-uncommitted-transaction fixed', 'prefer-text-field fixed', 'prefer-text-field', 'prefer-text-field suppressed']));
  });
});
