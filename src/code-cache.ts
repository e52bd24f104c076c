// Loads a CommonJS bundle through V8's code cache, which Node 20 has no switch for (Node 22's
// module.enableCompileCache). Compiling the CLI's bundle and the functions a lint run calls is a
// large part of a cold start; with the cache they are deserialized instead.
//
// The cache file sits in a directory only this user can write (V8 trusts cached code it
// accepts) and holds a checksum of the source: V8's own check compares the source's length, not
// its text. Any problem with the cache only means compiling as without one.
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

export interface LoadedModule {
  exports: unknown;
  /** The code came from the cache (V8 accepted it). */
  cached: boolean;
  /** Writes the code cache when there was none usable; call it after the code ran, so the functions it compiled are in. */
  saveCodeCache(): void;
}

const HEADER_BYTES = 12;
const FORMAT = 1;
/** Cache files kept: each build, command and Node version has its own (~0.6 MB); the oldest go. */
const KEEP_FILES = 16;
const WRAPPER_PARAMS = 'exports, require, module, __filename, __dirname';

/** The cache directory, or undefined when caching is off (NODE_DISABLE_COMPILE_CACHE, as Node 22 names it). */
export function codeCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const uid = process.getuid?.();
  return join(tmpdir(), `migrationlint-code-cache${uid === undefined ? '' : `-${uid}`}`);
}

/**
 * `variant` names what the run does (the CLI's command): V8 caches the functions that ran, and
 * a cache written by `--version` would leave `lint` compiling its own on every run.
 */
export function loadWithCodeCache(file: string, cacheDir: string | undefined, variant = ''): LoadedModule {
  const source = readFileSync(file);
  const checksum = crc32(source);
  // Named by content, not path: copies of the same build share one file.
  const cacheFile = cacheDir === undefined ? undefined : join(cacheDir, `${crc32(`${checksum}\0${source.length}\0${variant}\0${process.version}`).toString(16)}.v8cache`);
  const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile, checksum, source.length);
  const script = new Script(`(function (${WRAPPER_PARAMS}) {${source.toString('utf8')}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const stale = cachedData === undefined || script.cachedDataRejected === true;

  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    get exports() {
      return module.exports;
    },
    cached: !stale,
    saveCodeCache() {
      if (stale && cacheDir !== undefined && cacheFile !== undefined) writeCache(cacheDir, cacheFile, checksum, source.length, script.createCachedData());
    },
  };
}

function header(checksum: number, length: number): Buffer {
  const head = Buffer.alloc(HEADER_BYTES);
  head.writeUInt32LE(FORMAT, 0);
  head.writeUInt32LE(checksum, 4);
  head.writeUInt32LE(length, 8);
  return head;
}

function readCache(cacheFile: string, checksum: number, length: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(cacheFile, 'r');
    if (!ownedByMe(fstatSync(fd))) return undefined;
    const data = readFileSync(fd);
    return data.length > HEADER_BYTES && data.subarray(0, HEADER_BYTES).equals(header(checksum, length)) ? data.subarray(HEADER_BYTES) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeCache(cacheDir: string, cacheFile: string, checksum: number, length: number, data: Buffer): void {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    if (!ownedByMe(statSync(cacheDir))) return;
    // Another process may be writing the same file: each writes its own, the rename is atomic.
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.concat([header(checksum, length), data]), { mode: 0o600 });
    renameSync(partial, cacheFile);
    pruneOldest(cacheDir);
  } catch {
    // A read-only or full disk: the next run compiles as this one did.
  }
}

function pruneOldest(cacheDir: string): void {
  const files = readdirSync(cacheDir)
    .filter((name) => name.endsWith('.v8cache'))
    .map((name) => ({ path: join(cacheDir, name), mtime: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path } of files.slice(KEEP_FILES)) unlinkSync(path);
}

/** Written by this user and by nobody else (POSIX; Windows has per-user temp directories). */
export function ownedByMe(stats: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (stats.uid === uid && (stats.mode & 0o022) === 0);
}
