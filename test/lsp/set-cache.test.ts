// SetCache must always give what building the whole set again gives, whether it splices the
// edited file's migrations in or falls back to the whole build.
import { describe, expect, it } from 'vitest';
import { migrationsFromSources } from '../../src/discover.js';
import { SetCache } from '../../src/lsp/set-cache.js';
import type { SourceText } from '../../src/types.js';
import { shapeOf } from '../../src/set-shape.js';
import { runPositions } from '../../src/lint.js';

const files: Record<string, string> = {
  '/db/001_users.up.sql': 'CREATE TABLE users (id bigint);\n',
  '/db/001_users.down.sql': 'DROP TABLE users;\n',
  '/db/002_orders.sql': 'CREATE TABLE orders (id bigint);\n',
  '/db/003_goose.sql': '-- +goose Up\nCREATE INDEX orders_id_idx ON orders (id);\n-- +goose Down\nDROP INDEX orders_id_idx;\n',
  '/db/004_empty.sql': '-- nothing yet\n',
};
const sources = new Map<string, SourceText>(Object.entries(files).map(([path, text]) => [path, { path, relPath: path.slice(1), text }]));

function wholeBuild(buffers: Map<string, string>) {
  const all = [...sources.values()].map((s) => ({ ...s, text: buffers.get(s.path) ?? s.text }));
  return migrationsFromSources(all, 'auto', false);
}

const sortProblems = <T extends { file: string; span: { start: number } }>(p: T[]) => [...p].sort((a, b) => a.file.localeCompare(b.file) || a.span.start - b.span.start);

describe('SetCache', () => {
  // [what, file, new text, spliced (true) or rebuilt whole (false)]
  const edits: Array<[string, string, string, boolean]> = [
    ['a statement added to a plain file', '/db/002_orders.sql', 'CREATE TABLE orders (id bigint);\nCREATE INDEX orders_x ON orders (id);\n', true],
    ['a down file edited', '/db/001_users.down.sql', 'DROP TABLE IF EXISTS users;\n', true],
    ['a goose file edited inside its Up section', '/db/003_goose.sql', files['/db/003_goose.sql'].replace('(id)', '(id, id)'), true],
    ['a plain file that becomes a goose file', '/db/002_orders.sql', '-- +goose Up\nCREATE TABLE orders (id bigint);\n-- +goose Down\nDROP TABLE orders;\n', false],
    ['an empty migration that gets SQL', '/db/004_empty.sql', 'SELECT 1;\n', true],
    ['a migration that becomes empty', '/db/002_orders.sql', '-- later\n', true],
    ['a file with a NUL byte', '/db/002_orders.sql', 'SELECT 1;\u0000', false],
    ['a byte order mark', '/db/002_orders.sql', '\uFEFFCREATE TABLE orders (id bigint);\n', true],
  ];
  for (const [name, file, text, spliced] of edits) {
    it(`builds the same set as a whole rebuild: ${name}`, () => {
      const cache = new SetCache(sources, [], 'auto', false);
      const buffers = new Map([[file, text]]);
      const set = cache.withBuffers(buffers);
      const whole = wholeBuild(new Map([[file, text.replace(/^\uFEFF/, '')]]));
      expect(set.migrations).toEqual(whole.migrations);
      expect(sortProblems(set.problems)).toEqual(sortProblems(whole.problems));
      expect(set.usesDown).toBe(true);
      expect(cache.wholeBuilds).toBe(spliced ? 0 : 1);
      // The files: the disk's, with the buffer's text (without its byte order mark) for this one.
      const texts = new Map(Object.entries(files).map(([path, disk]) => [path, path === file ? text.replace(/^\uFEFF/, '') : disk]));
      expect(new Map([...set.files].map(([path, f]) => [path, f.text]))).toEqual(texts);
      expect([set.files.size, set.files.get(file)?.text, set.files.get(file)?.relPath]).toEqual([texts.size, texts.get(file), file.slice(1)]);
      // The set-level passes read the spliced set through the shape it shares with the disk set: it must be its own.
      expect(shapeOf(set.migrations)).toEqual(shapeOf([...whole.migrations]));
      const run = runPositions(set.migrations);
      const fresh = runPositions([...whole.migrations]);
      expect(set.migrations.map(run)).toEqual(whole.migrations.map(fresh));
    });
  }

  it('gives the disk set itself when no buffer differs from the disk', () => {
    const cache = new SetCache(sources, [], 'auto', false);
    const set = cache.withBuffers(new Map([['/db/002_orders.sql', files['/db/002_orders.sql']], ['/elsewhere/x.sql', 'SELECT 1;']]));
    expect(set.migrations).toEqual(wholeBuild(new Map()).migrations);
    expect(set.files.has('/elsewhere/x.sql')).toBe(false);
  });
});
