// The language server keeps the schema catalogs at checkpoints along a migration set (flattened
// now and then) and replays only from the nearest one that still holds. Whatever order files are
// linted in, and with unsaved edits of earlier files coming and going, a file's findings must
// stay those of a whole-set `migrationlint lint` with the same buffers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node } from '@pgsql/types';
import { parseSync } from '../../src/pg-parser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Catalog, catalogSnapshot, replayStatement } from '../../src/facts/schema/index.js';
import { lint } from '../../src/lint.js';
import { Workspace } from '../../src/lsp/workspace.js';
import { loadParser } from '../../src/parse.js';
import type { Finding } from '../../src/types.js';

beforeAll(() => loadParser());

function replay(sql: string, catalog = new Catalog()): Catalog {
  for (const { stmt } of parseSync(sql).stmts ?? []) if (stmt) replayStatement(catalog, stmt as Node);
  return catalog;
}

describe('Catalog.flatten', () => {
  it('reads as the chain of forks it flattens, and changes copies only', () => {
    const base = replay(`
      CREATE TYPE mood AS ENUM ('a', 'b');
      CREATE FUNCTION f() RETURNS int LANGUAGE sql IMMUTABLE AS 'select 1';
      CREATE TABLE app.p (id int PRIMARY KEY, code text UNIQUE);
      CREATE TABLE other.p (id int);
      CREATE TABLE c (id int, p_id int REFERENCES app.p, m mood);
      CREATE INDEX c_p ON c (p_id);`);
    const child = replay("ALTER TABLE c ADD COLUMN extra int; DROP TABLE other.p; CREATE TABLE d (x int); ALTER TYPE mood ADD VALUE 'c';", base.fork());
    const grandchild = replay('ALTER INDEX c_p RENAME TO c_p_idx; ALTER TABLE app.p RENAME COLUMN code TO label; CREATE INDEX d_x ON d (x);', child.fork());
    const before = catalogSnapshot(grandchild);

    const flat = grandchild.flatten();
    expect([base.depth, grandchild.depth, flat.depth]).toEqual([0, 2, 0]);
    expect(catalogSnapshot(flat)).toEqual(before);
    expect([flat.index('c_p_idx')?.table.name, flat.index('d_x')?.table.name, flat.index('c_p'), flat.function('f')?.name, flat.enumType('mood')?.values]).toEqual(['c', 'd', undefined, 'f', ['a', 'b', 'c']]);
    expect([flat.table({ name: 'p' })?.schema, flat.table({ name: 'p', schema: 'other' })]).toEqual(['app', undefined]);

    // Going on from the flat catalog is going on from the chain, and leaves the chain alone.
    const more = "ALTER TABLE c DROP COLUMN extra; DROP INDEX d_x; ALTER TABLE app.p ADD COLUMN z int NOT NULL DEFAULT 0; DROP TYPE mood CASCADE;";
    replay(more, flat);
    expect(catalogSnapshot(flat)).toEqual(catalogSnapshot(replay(more, grandchild.fork())));
    expect(catalogSnapshot(grandchild)).toEqual(before);
    expect(catalogSnapshot(flat)).not.toEqual(before);
  });
});

/**
 * Two migrations directories of 45 migrations: every tenth creates a table that the next nine
 * index, alter and constrain, so each file's findings depend on the facts of earlier ones.
 */
function project(): { root: string; files: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'mlint-checkpoints-'));
  const files: string[] = [];
  for (const dir of ['a', 'b']) {
    mkdirSync(join(root, 'db', dir), { recursive: true });
    for (let i = 1; i <= 45; i++) {
      const table = `t_${dir}_${i - ((i - 1) % 10)}`;
      const sql =
        (i - 1) % 10 === 0
          ? `CREATE TABLE ${table} (id bigint PRIMARY KEY, v int);\n`
          : [
              `CREATE INDEX ix_${dir}_${i} ON ${table} (v);\n`,
              `ALTER TABLE ${table} ADD COLUMN c${i} int NOT NULL;\n`,
              `ALTER TABLE ${table} ALTER COLUMN v TYPE bigint;\n`,
              `ALTER TABLE ${table} ADD CONSTRAINT fk_${dir}_${i} FOREIGN KEY (v) REFERENCES ${table} (id);\n`,
            ][i % 4];
      const file = join(root, 'db', dir, `${String(i).padStart(3, '0')}_step.sql`);
      writeFileSync(file, sql);
      files.push(file);
    }
  }
  writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['db/a', 'db/b'] }));
  return { root, files };
}

const comparable = (f: Finding) => ({ ruleId: f.ruleId, message: f.message, span: f.span, suppressed: f.suppressed });

describe('language server facts checkpoints', () => {
  const { root, files } = project();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lint files in any order, with earlier files edited and reverted, as the whole-set lint does', async () => {
    const config = await loadConfig({ cwd: root });
    const workspace = new Workspace({ folders: [root] });
    // A fixed pseudo-random walk: jumps back and forth across both directories.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const buffers = new Map<string, string>();
    let changedByEdits = 0;
    for (let step = 0; step < 90; step++) {
      const file = files[next(files.length)];
      if (step % 3 === 2) {
        // Edit away the table this file works on (its creation is an earlier file), or revert.
        const creator = files[files.indexOf(file) - ((files.indexOf(file) % 45) % 10)];
        if (buffers.size > 0 || creator === file) buffers.clear();
        else buffers.set(creator, 'SELECT 1;\n');
      }
      const expected = (await lint({ cwd: root, config, overrides: new Map(buffers) })).findings.filter((f) => f.file === file).map(comparable);
      // Every other step as diagnostics (no fix check): unchanged files answer from the whole set's analysis.
      const result = await workspace.lintFile(file, buffers, step % 2 === 0 ? { markEmptyingFixes: false } : {});
      expect(result.findings.map(comparable), `step ${step}: ${file} with ${[...buffers.keys()].join(', ') || 'no buffers'}`).toEqual(expected);
      if (buffers.size > 0) {
        const fromDisk = (await lint({ cwd: root, config })).findings.filter((f) => f.file === file).map(comparable);
        if (JSON.stringify(fromDisk) !== JSON.stringify(expected)) changedByEdits++;
      }
    }
    // The walk did meet edits that changed a later file's findings (the facts mattered).
    expect(changedByEdits).toBeGreaterThan(3);
  });
});
