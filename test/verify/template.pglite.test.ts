// The PGlite template: the first throwaway database runs initdb and saves itself; the next ones
// load that file; a damaged file is replaced. (How fast is printed by bench/verify-corpus.ts.)
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openThrowawayPglite, templateFile } from '../../src/verify/template.js';

const cache = mkdtempSync(join(tmpdir(), 'mlverify-cache-'));
const env = { MIGRATIONLINT_CACHE_DIR: cache };

afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
});

async function openAndCheck(): Promise<boolean> {
  const t = await openThrowawayPglite({}, env);
  try {
    const { rows } = await t.pglite.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace");
    expect(rows).toEqual([{ n: 0 }]);
    await t.pglite.exec('CREATE TABLE only_in_this_one (id int)');
    return t.fromTemplate;
  } finally {
    await t.pglite.close();
  }
}

describe('PGlite template', () => {
  it('is made by the first database, loaded by the next, each starting empty', { timeout: 180_000 }, async () => {
    const file = (await templateFile(env))!;
    expect(file.startsWith(cache)).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(await openAndCheck()).toBe(false);
    expect(statSync(file).size).toBeGreaterThan(1_000_000);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(await openAndCheck()).toBe(true);
    expect(await openAndCheck()).toBe(true);
  });

  it('replaces a damaged template', { timeout: 180_000 }, async () => {
    const file = (await templateFile(env))!;
    writeFileSync(file, 'not a tarball');
    expect(await openAndCheck()).toBe(false);
    expect(statSync(file).size).toBeGreaterThan(1_000_000);
    expect(await openAndCheck()).toBe(true);
  });
});
