// The language server answers unchanged files from one analysis of the whole set and a keystroke
// from the catalogs it kept before the edited file's migration. Whatever it reuses, its
// diagnostics must be those of a fresh `migrationlint lint` (new process) of the same texts: after
// an edit of an EARLIER migration while a later one is open, after typing in the later one, after
// another file changed on disk, and after the edit is reverted.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';
import { freshLint, simplify } from './fresh-lint.js';

const root = mkdtempSync(join(tmpdir(), 'mlint-lsp-set-'));
const file = (n: number) => join(root, 'migrations', `${String(n).padStart(3, '0')}_step.sql`);
mkdirSync(join(root, 'migrations'));
writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
const CREATE = 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, note varchar(10));\n';
writeFileSync(file(1), CREATE);
for (let n = 2; n < 30; n++) {
  const sql =
    n === 10
      ? 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n'
      : n === 28
        ? 'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n'
        : `CREATE TABLE t_${n} (id bigint PRIMARY KEY);\n`;
  writeFileSync(file(n), sql);
}
/** The open migration: its findings depend on orders' columns and index (earlier files) and on file 28 (a later index). */
const LATER = 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\nALTER TABLE orders ALTER COLUMN note TYPE varchar(20);\n';
writeFileSync(file(20), LATER);

describe('migrationlint lsp, edits across a migration set', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives the diagnostics of a fresh lint of the same texts after edits in earlier, later and on-disk files', async () => {
    const client = await LspClient.start({ root, pull: true });
    const buffers = new Map<string, string>();
    /** The diagnostics of each file equal a fresh lint's of the same texts (one lint for them all); those of the first file. */
    const check = async (why: string, ...of: string[]) => {
      const expected = freshLint(root, buffers);
      for (const f of of) expect((await client.pull(f)).items.map(simplify), `${why}: ${f}`).toEqual(expected.get(f) ?? []);
      return expected.get(of[0]) ?? [];
    };
    try {
      // The first file answers alone, the others from the whole set's analysis.
      for (const n of [20, 1, 10, 28, 25]) {
        await client.open(file(n), readFileSync(file(n), 'utf8'));
        buffers.set(file(n), readFileSync(file(n), 'utf8'));
      }
      const rules = (found: unknown[]) => found.map((d) => (d as unknown[])[0]);
      const onDisk = await check('open, unchanged', file(20), file(1), file(10), file(28), file(25));
      expect(rules(onDisk)).not.toContain('changing-column-type'); // widening varchar(10) rewrites nothing
      expect(rules(onDisk)).not.toContain('fk-missing-index'); // file 10 indexes customer_id

      // An earlier migration edited in the editor: the index on orders (customer_id) goes.
      const earlier = 'CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);\n';
      buffers.set(file(10), earlier);
      await client.change(file(10), earlier);
      const indexGone = await check('earlier file 10 edited', file(20));
      expect(rules(indexGone)).toContain('fk-missing-index');
      // note is text: varchar(20) checks every row.
      const created = CREATE.replace('note varchar(10)', 'note text');
      buffers.set(file(1), created);
      await client.change(file(1), created);
      expect(rules(await check('earlier file 1 edited too', file(20)))).toContain('changing-column-type');

      // Typing in the open later migration, a statement at a time.
      for (const typed of [`${LATER}ALTER TABLE orders ADD COLUMN`, `${LATER}ALTER TABLE orders ADD COLUMN flag boolean NOT NULL;\n`]) {
        buffers.set(file(20), typed);
        await client.change(file(20), typed);
        await check(`typed: ${typed.slice(LATER.length)}`, file(20), file(25));
      }

      // A later file that is not open changes on disk: it indexes customer_id again.
      writeFileSync(file(27), 'CREATE INDEX CONCURRENTLY orders_customer_again_idx ON orders (customer_id);\n');
      await client.filesChanged([{ uri: pathToFileURL(file(27)).href, type: 2 }]);
      expect(rules(await check('file 27 changed on disk', file(20)))).not.toContain('fk-missing-index');

      // Reverted: the earlier files as on disk again.
      for (const n of [1, 10]) {
        buffers.set(file(n), readFileSync(file(n), 'utf8'));
        await client.change(file(n), readFileSync(file(n), 'utf8'));
      }
      expect(rules(await check('earlier files reverted', file(20), file(1), file(10), file(28)))).not.toContain('changing-column-type');
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});
