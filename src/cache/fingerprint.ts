// The engine fingerprint: what the cached findings were computed with besides their inputs.
// VERSION alone does not change when rule code changes during development, so the fingerprint
// hashes the code itself — the whole bundle directory when bundled (every script in dist/bundle/:
// the one holding the rules is among them), else the src/ and rules/ trees — together with the
// version, the parser package's version (an external dependency the bundle leaves out) and
// the rule registry's ids.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules as registry } from '../../rules/index.js';
import { VERSION } from '../version.js';

interface EngineParts {
  version: string;
  parserVersion: string;
  ruleIds: readonly string[];
  /** digestFiles() of the code that computes findings. */
  code: string;
}

function fingerprintOf(parts: EngineParts): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** A digest of the files' names (base names) and contents, in the order given. */
function digestFiles(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${basename(file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function filesUnder(dir: string, recursive: boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The files holding the running code: this module is src/cache/fingerprint.{ts,js} unless bundled. */
export function codeFiles(moduleFile = fileURLToPath(import.meta.url)): string[] {
  const here = dirname(moduleFile);
  if (!/[\\/]cache[\\/]fingerprint\.[jt]s$/.test(moduleFile)) return filesUnder(here, false).filter((f) => /\.[cm]?js$/.test(f));
  const root = join(here, '..', '..');
  return [...filesUnder(join(root, 'src'), true), ...filesUnder(join(root, 'rules'), true)];
}

const parserPackage = () => createRequire(import.meta.url).resolve('libpg-query/package.json');

function parserVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(parserPackage(), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

let memo: string | undefined;
let code: string | undefined;

/** digestFiles() of the code files, computed once per process unless known. */
export function codeDigest(): string {
  code ??= digestFiles(codeFiles());
  return code;
}

/**
 * Records the code digest an earlier run computed, for a run that found every code file
 * (engineInputs) as that run recorded it (src/cache/set-snapshot.ts): hashing the code is
 * most of what the fingerprint costs.
 */
export function knowCodeDigest(digest: string): void {
  code ??= digest;
}

/** The fingerprint of the running engine, computed once per process. */
export function engineFingerprint(): string {
  memo ??= fingerprintOf({ version: VERSION, parserVersion: parserVersion(), ruleIds: [...registry.keys()], code: codeDigest() });
  return memo;
}

/** The files the fingerprint is computed from: while they stat the same, it is the same. */
export function engineInputs(): string[] {
  return [...codeFiles(), parserPackage()];
}
