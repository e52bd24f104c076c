// The engine fingerprint: the same code anywhere hits, changed code or another version misses.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFiles } from '../../src/cache/fingerprint.js';
import { repoRoot } from '../helpers/cli.js';
import { lintCached, lintUncached, project } from './helpers.js';

/** A copy of the built CLI (bin, bundle, package.json) that resolves its dependencies from the repository. */
function copyOfCli(): { bin: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'mlint-engine-'));
  for (const part of ['bin', join('dist', 'bundle'), 'package.json']) cpSync(join(repoRoot, part), join(root, part), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { bin: join(root, 'bin', 'migrationlint.js'), root };
}

const FILES = { 'migrations/001_orders.sql': 'CREATE TABLE orders (id bigint, note text);\n', 'migrations/002_index.sql': 'CREATE INDEX ix_orders_note ON orders (note);\n' };

describe('engine fingerprint', () => {
  it('hashes the whole bundle when bundled, the src and rules trees when not', () => {
    const bundled = codeFiles(join(repoRoot, 'dist', 'bundle', 'cli.js')).map((f) => relative(repoRoot, f));
    expect(bundled).toContain(join('dist', 'bundle', 'cli.js'));
    expect(bundled.length).toBeGreaterThan(1);
    expect(bundled.every((f) => f.startsWith(join('dist', 'bundle')) && /\.[cm]?js$/.test(f))).toBe(true);

    const sources = codeFiles().map((f) => relative(repoRoot, f));
    expect(sources).toContain(join('rules', 'changing-column-type.ts'));
    expect(sources).toContain(join('src', 'analyse.ts'));
    expect(sources).toContain(join('src', 'cache', 'fingerprint.ts'));
  });

  it('hits with the same code elsewhere; misses after a change to the code or the version', () => {
    const dir = project(FILES);
    const expected = lintUncached({ cwd: dir }).stdout;
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, missed: 2 });

    const copy = copyOfCli();
    expect(lintCached({ cwd: dir, bin: copy.bin })).toMatchObject({ stdout: expected, hit: 2, missed: 0 });

    // A rule changed and rebuilt: the version is the same, the bundle is not.
    appendFileSync(join(copy.root, 'dist', 'bundle', 'cli.js'), '\n// a change\n');
    expect(lintCached({ cwd: dir, bin: copy.bin })).toMatchObject({ stdout: expected, hit: 0, missed: 2 });

    const other = copyOfCli();
    const pkgFile = join(other.root, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
    writeFileSync(pkgFile, JSON.stringify({ ...pkg, version: `${pkg.version}-next` }));
    expect(lintCached({ cwd: dir, bin: other.bin })).toMatchObject({ stdout: expected, hit: 0, missed: 2 });
    expect(lintCached({ cwd: dir })).toMatchObject({ stdout: expected, hit: 0, missed: 2 });
  });
});
