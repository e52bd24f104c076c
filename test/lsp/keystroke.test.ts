// Typing into a late migration of a long history: after each keystroke the language server
// analyses the edited file against the catalogs it kept of the migrations before it. Its
// diagnostics must be those of a fresh `migrationlint lint` of the same text, in a new process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';
import { freshLint, simplify } from './fresh-lint.js';

const root = mkdtempSync(join(tmpdir(), 'mlint-lsp-keys-'));
const name = (n: number) => join(root, 'migrations', `${String(n).padStart(3, '0')}_step.sql`);
mkdirSync(join(root, 'migrations'));
writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
writeFileSync(name(1), 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, note varchar(10));\n');
for (let n = 2; n < 40; n++) writeFileSync(name(n), n === 20 ? 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n' : `CREATE TABLE t_${n} (id bigint PRIMARY KEY);\n`);
const edited = name(40);
writeFileSync(edited, 'SELECT 1;\n');

/** A statement whose findings depend on earlier migrations (orders' index, its columns), typed a few characters at a time. */
const TYPED = 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\nALTER TABLE t_7 ADD COLUMN customer_id bigint REFERENCES customers (id);\nALTER TABLE orders ALTER COLUMN note TYPE integer USING 0;\n';
/** Texts after keystrokes where the CLI is asked too: mid-word, mid-statement, and after each statement. */
const CHECKPOINTS = [14, 60, TYPED.indexOf('\n') + 1, TYPED.indexOf('ALTER TABLE t_7') + 40, TYPED.lastIndexOf('ALTER'), TYPED.length];

describe('migrationlint lsp, keystroke after keystroke', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives after each keystroke the diagnostics a fresh lint of that text gives', async () => {
    const client = await LspClient.start({ root, pull: true });
    try {
      await client.open(edited, '');
      await client.pull(edited);
      const compared: string[] = [];
      const keystrokes = [...new Set([...Array.from({ length: Math.ceil(TYPED.length / 7) }, (_, k) => 1 + 7 * k), ...CHECKPOINTS])].sort((a, b) => a - b);
      for (const typed of keystrokes) {
        const text = TYPED.slice(0, typed);
        await client.change(edited, text);
        const { items } = await client.pull(edited);
        if (!CHECKPOINTS.includes(typed)) continue;
        expect(items.map(simplify), `after ${JSON.stringify(text)}`).toEqual(freshLint(root, new Map([[edited, text]])).get(edited) ?? []);
        compared.push(...items.map((d) => String(d.code)));
      }
      // The facts mattered: the foreign keys' indexes and the column's earlier type were read.
      expect(compared).toEqual(expect.arrayContaining(['fk-missing-index', 'changing-column-type']));
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});
