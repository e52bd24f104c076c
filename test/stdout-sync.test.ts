// The CLI's stdout without process.stdout (src/stdout-sync.ts): a pipe, a file, a reader that
// goes away, and a non-blocking pipe that fills up.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncWriter, type WriteBytes } from '../src/stdout-sync.js';
import { bin } from './helpers/cli.js';


describe('syncWriter', () => {
  it('writes what a full non-blocking pipe refused (EAGAIN) through the stream, in order', () => {
    const written: string[] = [];
    let calls = 0;
    const write: WriteBytes = (bytes, offset) => {
      if (++calls > 1) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
      written.push(Buffer.from(bytes.subarray(offset, offset + 4)).toString());
      return 4;
    };
    const streamed: string[] = [];
    const out = syncWriter(write, () => ({ write: (text) => streamed.push(Buffer.from(text).toString()) }));
    out('abcdefgh');
    out('ij');
    expect(written.join('') + streamed.join('')).toBe('abcdefghij');
    expect(streamed).toEqual(['efgh', 'ij']);
  });

  it('drops what a reader that went away (EPIPE) would have read, and throws other errors', () => {
    let calls = 0;
    const out = syncWriter(() => {
      calls++;
      throw Object.assign(new Error('EPIPE'), { code: 'EPIPE' });
    }, () => ({ write: () => expect.unreachable() }));
    out('a');
    out('b');
    expect(calls).toBe(1);
    const failing = syncWriter(() => {
      throw Object.assign(new Error('EIO'), { code: 'EIO' });
    }, () => ({ write: () => undefined }));
    expect(() => failing('a')).toThrow('EIO');
  });
});

describe('lint stdout through the CLI (dist build)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stdout-sync-'));
  const set = join(dir, 'migrations');
  mkdirSync(set);
  // A report far above a pipe's 64 KB buffer.
  for (let i = 1; i <= 300; i++) writeFileSync(join(set, `${String(i).padStart(4, '0')}_m.sql`), `CREATE INDEX ix_orders_${i} ON orders (customer_id);\nALTER TABLE orders ADD COLUMN c${i} int NOT NULL;\n`);
  writeFileSync(join(dir, 'config.json'), '{}');
  const args = [bin, 'lint', '-c', join(dir, 'config.json'), '--format', 'json', set];

  it('writes the same whole report to a pipe and to a file, with the findings exit code', () => {
    const piped = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(piped.status).toBe(1);
    expect(piped.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(piped.stdout)).toHaveLength(300);
    const file = join(dir, 'report.json');
    const fd = openSync(file, 'w');
    const toFile = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    expect(toFile.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
  });

  it('ends with the findings exit code and no error when the reader goes away (lint | head -c 10)', () => {
    const run = spawnSync('bash', ['-c', `"$0" "$@" | head -c 10; echo " status=\${PIPESTATUS[0]}"`, process.execPath, ...args], { encoding: 'utf8' });
    expect(run.stdout).toBe('[\n  {\n     status=1\n');
    expect(run.stderr).toBe('');
  });
});
