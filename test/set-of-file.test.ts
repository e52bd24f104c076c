// Under no config, the set a named file belongs to is found from the file's directory and its
// ancestors only (src/discover/set-of-file.ts): the same set zero-config discovery finds from
// the project's root, no set for loose .sql files, never past the repository's top.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SetLookup } from '../src/discover/set-of-file.js';
import { findMigrationSets } from '../src/discover/zero-config.js';
import { repoRoot } from './helpers/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ml-set-of-file-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const setDir = async (lookup: SetLookup, root: string, file: string) => {
  const set = await lookup.setOf(path.join(root, file));
  return set && path.relative(root, path.resolve(root, set.dir)).split(path.sep).join('/');
};

describe('the set of a named file, found upward from it', () => {
  it.each(['prisma-monorepo', 'drizzle', 'supabase', 'dbmate', 'sqitch'])('%s: every migration of every set found from the root is in that set', async (name) => {
    const root = mkdtempSync(path.join(tmpdir(), `ml-set-of-file-${name}-`));
    dirs.push(root);
    cpSync(path.join(repoRoot, 'fixtures', 'zero-config', name), root, { recursive: true });
    const { sets } = await findMigrationSets(root);
    expect(sets.length).toBeGreaterThan(0);
    // From the root, and from elsewhere (the file named by an absolute path).
    for (const cwd of [root, tmpdir()]) {
      const lookup = new SetLookup(cwd);
      for (const set of sets) {
        for (const m of set.read.migrations) {
          const found = await lookup.setOf(m.up.file);
          expect(found && path.resolve(cwd, found.dir), m.up.file).toBe(path.resolve(root, set.dir));
          expect(found!.runner.name).toBe(set.runner.name);
        }
      }
    }
  });

  it('a directory of loose .sql files is no set; a default directory name or up/down pairs are', async () => {
    const root = tree({
      'scratch/a.sql': 'CREATE TABLE a (id int);\n',
      'scratch/b.sql': 'ALTER TABLE a ADD COLUMN b int;\n',
      'scratch/pairs/001_a.up.sql': 'CREATE TABLE a (id int);\n',
      'scratch/pairs/001_a.down.sql': 'DROP TABLE a;\n',
      'scratch/pairs/002_b.up.sql': 'ALTER TABLE a ADD COLUMN b int;\n',
      'scratch/pairs/notes.sql': 'SELECT 1;\n',
      'db/migrations/001_a.sql': 'CREATE TABLE a (id int);\n',
      'db/migrations/002_b.sql': 'ALTER TABLE a ADD COLUMN b int;\n',
      'lonely/only.up.sql': 'CREATE TABLE a (id int);\n',
    });
    const lookup = new SetLookup(root);
    expect(await setDir(lookup, root, 'scratch/a.sql')).toBeUndefined();
    expect(await setDir(lookup, root, 'scratch/pairs/002_b.up.sql')).toBe('scratch/pairs');
    // Read with its set for facts, as lint DIR reads it.
    expect(await setDir(lookup, root, 'scratch/pairs/notes.sql')).toBe('scratch/pairs');
    expect(await setDir(lookup, root, 'db/migrations/002_b.sql')).toBe('db/migrations');
    // Alone in its directory: linted alone either way.
    expect(await setDir(lookup, root, 'lonely/only.up.sql')).toBeUndefined();
  });

  it('a marker in an ancestor names the set (alembic.ini → its versions); the lookup stops at the repository top', async () => {
    const outer = tree({
      'migrations/001_outer.sql': 'CREATE TABLE outer_t (id int);\n',
      'migrations/repo/.git/HEAD': 'ref: refs/heads/main\n',
      'migrations/repo/alembic.ini': '[alembic]\nscript_location = db\n',
      'migrations/repo/db/versions/0001_a.py': 'revision = "0001"\ndown_revision = None\n\ndef upgrade():\n    op.execute("CREATE TABLE a (id int)")\n\ndef downgrade():\n    op.execute("DROP TABLE a")\n',
      'migrations/repo/scripts/fix.sql': 'UPDATE a SET id = 1;\n',
      'migrations/repo/scripts/more.sql': 'UPDATE a SET id = 2;\n',
    });
    const lookup = new SetLookup(outer);
    expect(await setDir(lookup, outer, 'migrations/repo/db/versions/0001_a.py')).toBe('migrations/repo/db/versions');
    // Inside a directory named `migrations`, but above the repository's top: not its set.
    expect(await setDir(lookup, outer, 'migrations/repo/scripts/fix.sql')).toBeUndefined();
  });

  it('each directory is looked up and read once per lookup', async () => {
    const root = tree({ 'migrations/001_a.sql': 'CREATE TABLE a (id int);\n', 'migrations/002_b.sql': 'ALTER TABLE a ADD COLUMN b int;\n' });
    const lookup = new SetLookup(root);
    const first = await lookup.setOf(path.join(root, 'migrations/001_a.sql'));
    writeFileSync(path.join(root, 'migrations/003_c.sql'), 'ALTER TABLE a ADD COLUMN c int;\n');
    const second = await lookup.setOf(path.join(root, 'migrations/002_b.sql'));
    expect(second).toBe(first);
    expect(second!.read.migrations).toHaveLength(2);
    // A new lookup (the language server's after a file changed) reads the directory again.
    expect((await new SetLookup(root).setOf(path.join(root, 'migrations/003_c.sql')))!.read.migrations).toHaveLength(3);
  });
});
