import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyWalk, walkFiles } from '../../src/discover/walk.js';
import { discover } from '../../src/discover.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'migrationlint-walk-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const files = ['a/1.sql', 'a/.hidden/2.sql', '.3.sql', 'node_modules/x/4.sql', 'Node_Modules/5.sql', 'b/c.sql/6.sql', 'UP.SQL', '.sql', 'real/7.sql', 'a/x.Sql.bak', 'a/y.ts', 'deep/er/and/deeper/8.sql'];
for (const file of files) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), 'select 1;\n');
}
fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link.sql'));
fs.symlinkSync(path.join(root, 'real'), path.join(root, 'linkdir'));
fs.symlinkSync(path.join(root, 'nowhere.sql'), path.join(root, 'broken.sql'));
execFileSync('mkfifo', [path.join(root, 'fifo.sql')]);

/** What discovery globbed before the walk: fast-glob's `**\/*.{ext}` with the same options. */
function globbed(extensions: string[]): string[] {
  const names = extensions.map((e) => e.slice(1));
  const pattern = names.length === 1 ? `**/*.${names[0]}` : `**/*.{${names.join(',')}}`;
  return fg
    .sync(pattern, { cwd: root, absolute: true, onlyFiles: false, markDirectories: true, dot: false, followSymbolicLinks: false, caseSensitiveMatch: false, ignore: ['**/node_modules/**'] })
    .filter((f) => !f.endsWith('/'))
    .map((f) => path.resolve(f))
    .sort();
}

describe('walkFiles', () => {
  it.each([[['.sql']], [['.sql', '.ts']], [['.py']]])('finds what the glob %j finds: no dot entries, no node_modules, symlinks and FIFOs kept but not followed', (extensions) => {
    const walked = emptyWalk();
    walkFiles(root, extensions, walked);
    expect([...walked.files].sort()).toEqual(globbed(extensions));
  });

  it('keeps every directory listing (dot entries included) and which files are regular', () => {
    const walked = emptyWalk();
    walkFiles(root, ['.sql'], walked);
    expect([...(walked.listings.get(root) ?? [])].sort()).toEqual(fs.readdirSync(root).sort());
    expect(walked.listings.has(path.join(root, 'a', '.hidden'))).toBe(false);
    expect(walked.listings.has(path.join(root, 'linkdir'))).toBe(false);
    expect([...walked.regular].sort()).toEqual([path.join(root, 'UP.SQL'), path.join(root, 'a/1.sql'), path.join(root, 'b/c.sql/6.sql'), path.join(root, 'deep/er/and/deeper/8.sql'), path.join(root, 'real/7.sql')].sort());
  });

  it('discovery still reports the symlinks and the FIFO it cannot read as migrations', async () => {
    const set = await discover({ cwd: root, patterns: [root], runner: 'auto', assumeInTransaction: false });
    expect(set.problems.map((p) => [path.relative(root, p.file), p.ruleId])).toEqual([
      ['broken.sql', 'invalid-file'],
      ['fifo.sql', 'invalid-file'],
      ['link.sql', 'invalid-file'],
    ]);
    expect([...set.files.keys()].map((f) => path.relative(root, f)).sort()).toEqual(['UP.SQL', 'a/1.sql', 'b/c.sql/6.sql', 'deep/er/and/deeper/8.sql', 'real/7.sql']);
  });
});
