// primaryLocationLineHash against the known values of github/codeql-action's own tests
// (src/fingerprints.test.ts): the same inputs must give the same hashes, line by line.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { primaryLocationLineHashes } from '../../src/reporters/line-hash.js';
import { runCli } from '../helpers/cli.js';

/** fingerprints.ts transcribed with BigInt for its 64-bit Long: the oracle for arbitrary text. */
function referenceHashes(text: string): string[] {
  const wrap = (n: bigint) => BigInt.asUintN(64, n);
  const firstMod = wrap(37n ** 100n);
  const window = new Array<number>(100).fill(0);
  const lineNumbers = new Array<number>(100).fill(-1);
  const counts = new Map<string, number>();
  const out: string[] = [];
  let hash = 0n;
  let [index, lineNumber, lineStart, prevCR] = [0, 0, true, false];
  const output = () => {
    const value = hash.toString(16);
    counts.set(value, (counts.get(value) ?? 0) + 1);
    out[lineNumbers[index] - 1] = `${value}:${counts.get(value)}`;
    lineNumbers[index] = -1;
  };
  const update = (current: number) => {
    hash = wrap(37n * hash + BigInt(current) - firstMod * BigInt(window[index]));
    window[index] = current;
    index = (index + 1) % 100;
  };
  const process = (current: number) => {
    if (current === 32 || current === 9 || (prevCR && current === 10)) {
      prevCR = false;
      return;
    }
    prevCR = current === 13;
    if (current === 13) current = 10;
    if (lineNumbers[index] !== -1) output();
    if (lineStart) {
      lineStart = false;
      lineNumbers[index] = ++lineNumber;
    }
    if (current === 10) lineStart = true;
    update(current);
  };
  for (let i = 0; i < text.length; i++) process(text.charCodeAt(i));
  process(65535);
  for (let i = 0; i < 100; i++) {
    if (lineNumbers[index] !== -1) output();
    update(0);
  }
  return out;
}

const lines = (text: string) => [...primaryLocationLineHashes(text).entries()].sort(([a], [b]) => a - b).map(([, hash]) => hash);

const HELLO_WITH_FINAL_NEWLINE = ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'];

describe('primaryLocationLineHash (github/codeql-action fingerprints.ts)', () => {
  it('hashes an empty file as one line', () => {
    expect(lines('')).toEqual(['c129715d7a2bc9a3:1']);
  });

  it('skips spaces and tabs', () => {
    expect(lines(' a\nb\n  \t\tc\n d')).toEqual(['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']);
    expect(lines(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End')).toEqual([
      '8b7cf3e952e7aeb2:1',
      'b1ae1287ec4718d9:1',
      'bff680108adb0fcc:1',
      'c6805c5e1288b612:1',
      'b86d3392aea1be30:1',
      'e6ceba753e1a442:1',
    ]);
  });

  it('reads LF, CR, CRLF and mixed line ends alike', () => {
    for (const text of [
      ' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n',
      ' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r',
      ' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n',
      ' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n',
    ]) {
      expect(lines(text)).toEqual(HELLO_WITH_FINAL_NEWLINE);
    }
  });

  it('numbers repeated hashes', () => {
    expect(lines('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((n) => `a7f2ff13bc495cf2:${n}`),
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });

  it('agrees with a BigInt transcription of fingerprints.ts on arbitrary text (high code units, BOM, mixed line ends)', () => {
    const alphabet = ['a', 'Z', ' ', '\t', '\n', '\r', '\r\n', 'é', '😀', '\uFEFF', '\uFFFF', ';', '0'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 200; n++) {
      let text = '';
      for (let i = Math.floor(random() * 2000); i > 0; i--) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(lines(text)).toEqual(referenceHashes(text));
    }
  });

  it('returns only the lines asked for, with the counts of the whole file', () => {
    const text = 'Lorem ipsum dolor sit amet.\n'.repeat(10);
    expect([...primaryLocationLineHashes(text, new Set([4, 9]))]).toEqual([
      [4, 'a7f2ff13bc495cf2:4'],
      [9, '55ec222b86bcae53:1'],
    ]);
  });

  it('hashes a file with a byte order mark as the action reads it (with the mark), though lint strips it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlint-bom-'));
    writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['db'] }));
    mkdirSync(join(dir, 'db'));
    const sql = 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n';
    writeFileSync(join(dir, 'db', '001_plain.sql'), sql);
    writeFileSync(join(dir, 'db', '002_bom.sql'), `\uFEFF${sql}`);
    const log = JSON.parse(runCli(['lint', '-f', 'sarif'], { cwd: dir }).stdout) as Log;
    const byFile = new Map(log.runs[0].results!.map((r) => [r.locations![0].physicalLocation!.artifactLocation!.uri, r]));
    const plain = byFile.get('db/001_plain.sql')!;
    const bom = byFile.get('db/002_bom.sql')!;
    expect(bom.locations![0].physicalLocation!.region).toEqual(plain.locations![0].physicalLocation!.region);
    expect(plain.partialFingerprints).toEqual({ primaryLocationLineHash: primaryLocationLineHashes(sql).get(1) });
    expect(bom.partialFingerprints).toEqual({ primaryLocationLineHash: primaryLocationLineHashes(`\uFEFF${sql}`).get(1) });
    expect(bom.partialFingerprints).not.toEqual(plain.partialFingerprints);
  });
});
