// Stat records as the replay path stores and checks them (src/cache/input-stats.ts).
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packedUnchanged, packInputs, statAll, unpackInputs, type PackedInputs } from '../../src/cache/input-stats.js';
import { quickDigest } from '../../src/cache/quick-digest.js';

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-inputs-'));
  const a = join(dir, 'a.sql');
  const b = join(dir, 'sub', 'b.sql');
  writeFileSync(a, 'SELECT 1;\n');
  const past = new Date(Date.now() - 3_600_000);
  utimesSync(a, past, past);
  return { dir, a, b };
}

describe('packed stat records', () => {
  it('unpack to the records packed, the directory of each path written once', () => {
    const { dir, a, b } = files();
    const inputs = statAll([dir, a, b, '/']);
    const packed = packInputs(inputs);
    expect(unpackInputs(packed)).toEqual(inputs);
    expect(packed.dirs.filter((d) => d === `${dir}/`)).toHaveLength(1);
    expect(packedUnchanged(packed)).toBe(true);
  });

  it('tell a change of content, of times alone, a new path and a removed one', () => {
    const { dir, a, b } = files();
    const packed = () => packInputs(statAll([dir, a, join(dir, 'sub')]));
    let before = packed();
    writeFileSync(a, 'SELECT 2;\n');
    expect(packedUnchanged(before)).toBe(false);

    before = packed();
    utimesSync(a, new Date(), new Date(Date.now() - 10_000));
    expect(packedUnchanged(before)).toBe(false);

    before = packed();
    writeFileSync(join(dir, 'c.sql'), '');
    expect(packedUnchanged(before)).toBe(false);

    before = packed();
    rmSync(a);
    expect(packedUnchanged(before)).toBe(false);
    // A path recorded as absent (its nearest directory) that appears.
    before = packInputs(statAll([b]));
    writeFileSync(join(dir, 'sub'), '');
    expect(packedUnchanged(before)).toBe(false);
  });

  it('reads a damaged record as changed, without throwing', () => {
    const damaged = { dirs: ['/'], entries: [null] } as unknown as PackedInputs;
    expect(packedUnchanged(damaged)).toBe(false);
  });
});

describe('quickDigest', () => {
  it('is stable, 32 hex digits, and tells apart close texts', () => {
    const env = JSON.stringify(Object.entries(process.env).sort());
    expect(quickDigest(env)).toMatch(/^[0-9a-f]{32}$/);
    expect(quickDigest(env)).toBe(quickDigest(`${env}`));
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(quickDigest(`${env}${i}`));
    for (let i = 0; i < 2_000; i++) seen.add(quickDigest(env.slice(0, i) + (env[i] === 'a' ? 'b' : 'a') + env.slice(i + 1)));
    seen.add(quickDigest(''));
    seen.add(quickDigest('\0'));
    expect(seen.size).toBe(22_002);
  });
});
