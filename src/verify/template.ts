// Throwaway PGlite databases, started from a cached template: initdb runs once (seconds) and is
// saved with dumpDataDir(); every later database loads that tarball (loadDataDir), skipping it.
// The cache lives in a directory only this user can write (default: <tmpdir>/migrationlint-<uid>),
// keyed by the PGlite build, and is written atomically (temp file + rename).
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Extension, PGlite, PGliteOptions } from '@electric-sql/pglite';

export interface ThrowawayPglite {
  pglite: PGlite;
  /** Milliseconds from the call to a ready database. */
  startMs: number;
  /** Whether it started from the cached template (false: initdb ran, and the template was saved). */
  fromTemplate: boolean;
}

const require = createRequire(import.meta.url);

type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;
/** Node has WebAssembly; the ES lib this project compiles against does not declare it. */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly;

/** Compiled once per process: instances started later skip WebAssembly compilation. */
let assets: Promise<{ wasm: WasmModule; fsBundle: Blob; key: string }> | undefined;

function loadAssets(): Promise<{ wasm: WasmModule; fsBundle: Blob; key: string }> {
  assets ??= (async () => {
    const wasmFile = require.resolve('@electric-sql/pglite/pglite.wasm');
    const dataFile = require.resolve('@electric-sql/pglite/pglite.data');
    // The build's identity, without hashing megabytes: where it is, its size and when it was written.
    const identity = [wasmFile, dataFile].map((f) => `${f}:${statSync(f).size}:${statSync(f).mtimeMs}`).join('|');
    const key = createHash('sha256').update(identity).digest('hex').slice(0, 16);
    return { wasm: await wasmApi.compile(readFileSync(wasmFile)), fsBundle: new Blob([readFileSync(dataFile)]), key };
  })();
  return assets;
}

/** The cache directory, created 0700; undefined when it is not safely ours (then no cache is used). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = env.MIGRATIONLINT_CACHE_DIR || path.join(tmpdir(), `migrationlint-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    // In a shared /tmp, another user could have made it first, or made it a symlink.
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

export async function templateFile(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dir = cacheDir(env);
  if (!dir) return undefined;
  return path.join(dir, `pglite-template-${(await loadAssets()).key}.tar.gz`);
}

async function create(options: PGliteOptions): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(options);
  await db.waitReady;
  return db;
}

/**
 * A fresh, empty, in-memory PGlite with the given extensions loadable. The caller closes it.
 * `env` decides the cache directory (MIGRATIONLINT_CACHE_DIR).
 */
export async function openThrowawayPglite(extensions: Record<string, Extension> = {}, env: NodeJS.ProcessEnv = process.env): Promise<ThrowawayPglite> {
  const t0 = performance.now();
  const { wasm, fsBundle } = await loadAssets();
  const base: PGliteOptions = { pgliteWasmModule: wasm, fsBundle, extensions };
  const file = await templateFile(env);
  if (file && isFile(file)) {
    try {
      const pglite = await create({ ...base, loadDataDir: new Blob([readFileSync(file)]) });
      return { pglite, startMs: performance.now() - t0, fromTemplate: true };
    } catch {
      // A truncated or foreign file: drop it and make a new one.
      rmSync(file, { force: true });
    }
  }
  const pglite = await create(base);
  if (file) await saveTemplate(pglite, file);
  return { pglite, startMs: performance.now() - t0, fromTemplate: false };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile() && statSync(file).size > 0;
  } catch {
    return false;
  }
}

async function saveTemplate(pglite: PGlite, file: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const blob = await pglite.dumpDataDir('gzip');
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // The cache is an optimisation: without it every start runs initdb.
    rmSync(tmp, { force: true });
  }
}
