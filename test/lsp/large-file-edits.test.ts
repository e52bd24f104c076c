// Typing around the statements of a large migration whose findings depend on the rest of its set
// (a later migration indexes a foreign key; the set has down migrations) and on the whole file (a
// transaction left open, lock_timeout): the language server keeps the file's analysis between
// keystrokes and reuses it when an edit leaves the statements as they were. After each edit —
// after the statements, before, inside and after one of them, a suppression — its diagnostics
// must be those of a fresh `migrationlint lint` of the same text.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';
import { freshLint, simplify } from './fresh-lint.js';

const root = mkdtempSync(join(tmpdir(), 'mlint-lsp-large-'));
const dir = join(root, 'migrations');
mkdirSync(dir);
writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
writeFileSync(join(dir, '001_customers.up.sql'), 'CREATE TABLE customers (id bigint PRIMARY KEY);\n');
writeFileSync(join(dir, '001_customers.down.sql'), 'DROP TABLE customers;\n');
const edited = join(dir, '002_orders.up.sql');
const tables = Array.from({ length: 40 }, (_, n) => `CREATE TABLE t_${n} (id int PRIMARY KEY, customer_id bigint REFERENCES customers (id), note varchar(10));\nALTER TABLE t_${n} ADD COLUMN flag boolean NOT NULL DEFAULT false;\n`).join('');
const BASE = `BEGIN;\n${tables}ALTER TABLE customers ADD COLUMN email varchar(200);\n`;
writeFileSync(edited, BASE);
writeFileSync(join(dir, '003_index.up.sql'), 'CREATE INDEX CONCURRENTLY t_3_customer_idx ON t_3 (customer_id);\n');
writeFileSync(join(dir, '003_index.down.sql'), 'DROP INDEX CONCURRENTLY t_3_customer_idx;\n');

const TEXTS = [
  ['a comment typed after the statements', `${BASE}-- a note`],
  ['the comment goes on', `${BASE}-- a note, longer\n`],
  ['a suppression typed after the statements', `${BASE}-- migrationlint-ignore-file prefer-text-field -- typed\n`],
  ['the suppression deleted', `${BASE}-- a note, longer\n`],
  ['a statement typed before the others', `SET lock_timeout = '2s';\n${BASE}`],
  ['a type changed inside a statement', `SET lock_timeout = '2s';\n${BASE.replace('t_7 (id int', 't_7 (id bigint')}`],
  ['a statement typed after the others', `SET lock_timeout = '2s';\n${BASE.replace('t_7 (id int', 't_7 (id bigint')}COMMIT;\n`],
  ['blank lines after it', `SET lock_timeout = '2s';\n${BASE.replace('t_7 (id int', 't_7 (id bigint')}COMMIT;\n\n\n`],
] as const;

describe('migrationlint lsp, typing in a large migration', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives after each edit the diagnostics a fresh lint of that text gives', async () => {
    const client = await LspClient.start({ root, pull: true });
    try {
      await client.open(edited, BASE);
      await client.pull(edited);
      const rules = new Set<unknown>();
      for (const [why, text] of TEXTS) {
        await client.change(edited, text);
        const items = (await client.pull(edited)).items.map(simplify);
        expect(items, why).toEqual(freshLint(root, new Map([[edited, text]])).get(edited) ?? []);
        for (const d of items) rules.add(d[0]);
      }
      // The findings the edits are about were there: rule findings, set-level and file-level ones.
      expect([...rules]).toEqual(expect.arrayContaining(['prefer-text-field', 'fk-missing-index', 'ban-uncommitted-transaction', 'require-down-migration']));
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});
