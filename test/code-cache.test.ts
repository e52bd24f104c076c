// The CLI's bundle through V8's code cache: the same module with or without a cache, a cache
// used only for the exact source it was made from, and only from a directory of this user.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeCacheDirectory } from '../src/code-cache.js';
import { repoRoot, runCli } from './helpers/cli.js';

const MODULE = `
const { basename } = require('node:path');
exports.name = basename(__filename);
exports.answer = function answer() { return 42; };
`;

function scratch(): { dir: string; file: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-code-cache-'));
  const file = join(dir, 'module.cjs');
  writeFileSync(file, MODULE);
  return { dir, file, cache: join(dir, 'cache') };
}

interface Loaded {
  name: string;
  answer: number;
  cached: boolean;
}

/**
 * Loads in a process of its own, as the CLI does (dist/src/code-cache.js: run after the build):
 * within one process V8 reuses what it compiled for the same source and never reads the cache.
 */
function load(file: string, cache: string, variant = ''): Loaded {
  const script = `
    const { loadWithCodeCache } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'src', 'code-cache.js')).href)});
    const loaded = loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cache)}, ${JSON.stringify(variant)});
    loaded.saveCodeCache();
    process.stdout.write(JSON.stringify({ name: loaded.exports.name, answer: loaded.exports.answer(), cached: loaded.cached }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Loaded;
}

const cacheFiles = (cache: string) => (existsSync(cache) ? readdirSync(cache).filter((f) => f.endsWith('.v8cache')) : []);

describe('loadWithCodeCache', () => {
  it('runs the module as CommonJS, writes the cache, then runs from it', () => {
    const { file, cache } = scratch();
    expect(load(file, cache)).toEqual({ name: 'module.cjs', answer: 42, cached: false });
    expect(cacheFiles(cache)).toHaveLength(1);
    expect(load(file, cache)).toEqual({ name: 'module.cjs', answer: 42, cached: true });
  });

  it('does not run a cache made from other source of the same length', () => {
    const { file, cache } = scratch();
    load(file, cache);
    writeFileSync(file, MODULE.replace('42', '43'));
    expect(load(file, cache)).toMatchObject({ answer: 43, cached: false });
    expect(load(file, cache)).toMatchObject({ answer: 43, cached: true });
  });

  it('compiles as without a cache when the cache file is damaged', () => {
    const { file, cache } = scratch();
    load(file, cache);
    const [name] = cacheFiles(cache);
    const damaged = readFileSync(join(cache, name));
    damaged.fill(7, 12);
    writeFileSync(join(cache, name), damaged);
    expect(load(file, cache)).toMatchObject({ answer: 42, cached: false });
    expect(load(file, cache)).toMatchObject({ answer: 42, cached: true });
  });

  it('shares the cache between copies of the same file', () => {
    const { dir, file, cache } = scratch();
    load(file, cache);
    const copy = join(dir, 'copy.cjs');
    copyFileSync(file, copy);
    expect(load(copy, cache)).toEqual({ name: 'copy.cjs', answer: 42, cached: true });
    expect(cacheFiles(cache)).toHaveLength(1);
  });

  it('keeps the 16 newest cache files', () => {
    const { file, cache } = scratch();
    mkdirSync(cache, { mode: 0o700 });
    for (let i = 0; i < 20; i++) {
      const old = join(cache, `old${i}.v8cache`);
      writeFileSync(old, 'stale');
      utimesSync(old, new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    load(file, cache);
    const kept = cacheFiles(cache);
    expect(kept).toHaveLength(16);
    expect(kept.filter((f) => !f.startsWith('old'))).toHaveLength(1);
    expect(kept).not.toContain('old0.v8cache');
  });

  it('keeps one cache per variant', () => {
    const { file, cache } = scratch();
    load(file, cache, 'lint');
    expect(load(file, cache, 'init').cached).toBe(false);
    expect(load(file, cache, 'lint').cached).toBe(true);
    expect(cacheFiles(cache)).toHaveLength(2);
  });

  it.runIf(process.platform !== 'win32')('neither reads nor writes a cache directory others can write to', () => {
    const { file, cache } = scratch();
    load(file, cache);
    chmodSync(join(cache, cacheFiles(cache)[0]), 0o666);
    expect(load(file, cache).cached).toBe(false);
    const open = join(cache, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    load(file, open);
    expect(cacheFiles(open)).toEqual([]);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, as in Node 22', () => {
    expect(codeCacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
    expect(codeCacheDirectory({})).toContain('migrationlint-code-cache');
  });
});

describe('the CLI through the code cache', () => {
  const sql = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlint-code-cache-cli-'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '001_index.sql'), 'CREATE INDEX ix_orders_customer ON orders (customer_id);\n');
    return dir;
  };

  it('reports the same before and after the cache exists, and writes none when it is off', () => {
    const dir = sql();
    const env = { TMPDIR: join(dir, 'tmp'), TEMP: join(dir, 'tmp'), TMP: join(dir, 'tmp') };
    mkdirSync(env.TMPDIR);
    const first = runCli(['lint', '--format', 'json', 'migrations'], { cwd: dir, env });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('require-concurrent-index-creation');
    const caches = readdirSync(env.TMPDIR).filter((f) => f.startsWith('migrationlint-code-cache'));
    expect(caches).toHaveLength(1);
    expect(cacheFiles(join(env.TMPDIR, caches[0]))).toHaveLength(1);
    expect(runCli(['lint', '--format', 'json', 'migrations'], { cwd: dir, env })).toEqual(first);

    const off = { ...env, TMPDIR: join(dir, 'off'), TEMP: join(dir, 'off'), TMP: join(dir, 'off'), NODE_DISABLE_COMPILE_CACHE: '1' };
    mkdirSync(off.TMPDIR);
    expect(runCli(['lint', '--format', 'json', 'migrations'], { cwd: dir, env: off })).toEqual(first);
    expect(readdirSync(off.TMPDIR)).toEqual([]);
  });

  it('bundles no import(): a vm.Script has no loader for it', () => {
    const bundle = readFileSync(join(repoRoot, 'dist', 'bundle', 'cli.cjs'), 'utf8');
    expect(bundle).not.toMatch(/\bimport\(/);
  });
});
