// The language server remembers the statements DO blocks and routines execute from one keystroke
// to the next (a body left as it was is not parsed again, only moved). After each edit — before
// the block (it moves), inside its body (a new body), after it, and a second block with the same
// body elsewhere — its diagnostics must be those of a fresh `migrationlint lint` of the same text.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';
import { freshLint, simplify } from './fresh-lint.js';

const root = mkdtempSync(join(tmpdir(), 'mlint-lsp-nested-'));
mkdirSync(join(root, 'migrations'));
writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
writeFileSync(join(root, 'migrations', '001_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, note text, customer_id bigint);\n');
const edited = join(root, 'migrations', '002_indexes.sql');
const BLOCK = 'DO $$ BEGIN\n  CREATE INDEX orders_note_idx ON orders (note);\nEND $$;\n';
writeFileSync(edited, BLOCK);

const TEXTS = [
  ['a statement typed after the block', `${BLOCK}SELECT 1;\n`],
  ['a statement typed before the block (it moves)', `ALTER TABLE orders ADD COLUMN flag boolean;\n${BLOCK}SELECT 1;\n`],
  ['a line inserted before the block', `\n\nALTER TABLE orders ADD COLUMN flag boolean;\n${BLOCK}SELECT 1;\n`],
  ['its body edited', `ALTER TABLE orders ADD COLUMN flag boolean;\n${BLOCK.replace('(note)', '(customer_id)')}SELECT 1;\n`],
  ['the same body twice', `${BLOCK}SELECT 1;\n${BLOCK.replace('$$;', '$$ ;')}${BLOCK}`],
  ['the body as it was, in a routine called later', `CREATE FUNCTION make_index() RETURNS void LANGUAGE plpgsql AS $$ BEGIN\n  CREATE INDEX orders_note_idx ON orders (note);\nEND $$;\nSELECT make_index();\n${BLOCK}`],
] as const;

describe('migrationlint lsp, typing around DO blocks', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives after each edit the diagnostics a fresh lint of that text gives', async () => {
    const client = await LspClient.start({ root, pull: true });
    try {
      await client.open(edited, BLOCK);
      await client.pull(edited);
      let nested = 0;
      for (const [why, text] of TEXTS) {
        await client.change(edited, text);
        const items = (await client.pull(edited)).items.map(simplify);
        expect(items, why).toEqual(freshLint(root, new Map([[edited, text]])).get(edited) ?? []);
        nested += items.filter((d) => d[0] === 'require-concurrent-index-creation').length;
      }
      // The index inside the bodies was found every time: at least once per text.
      expect(nested).toBeGreaterThanOrEqual(TEXTS.length);
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});
