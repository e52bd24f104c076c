// The PGlite lock file: one process per data directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyError } from '../../src/apply/errors.js';
import { acquireFileLock, advisoryLockHalves, advisoryLockKey, LOCK_FILE } from '../../src/apply/lock.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ml-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('acquireFileLock', () => {
  it('creates the data dir and the lock file, and removes it on release', async () => {
    const dir = path.join(tempDir(), 'db');
    const lock = await acquireFileLock(dir, { waitSeconds: 0 });
    const content = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'));
    expect(content).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('a second holder waits, then gives up with a clear message', async () => {
    const dir = tempDir();
    const first = await acquireFileLock(dir, { waitSeconds: 0 });
    let waitedFor = '';
    const err = await acquireFileLock(dir, { waitSeconds: 0.2, pollMs: 20, onWait: (w) => (waitedFor = w) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as ApplyError).reason).toBe('lock');
    expect((err as ApplyError).message).toMatch(new RegExp(`^Another migrationlint process is using the embedded database in .* \\(pid ${process.pid} on `));
    expect(waitedFor).toMatch(new RegExp(`^pid ${process.pid} on `));
    // Released while the second one waits: it gets the lock.
    const second = acquireFileLock(dir, { waitSeconds: 30, pollMs: 20, onWait: () => void first.release() });
    await (await second).release();
  });

  it('takes over a lock file left by a process that died', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), startedAt: '2020-01-01T00:00:00Z' }));
    const lock = await acquireFileLock(dir, { waitSeconds: 0 });
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });
});

describe('advisory lock key', () => {
  it('is a stable signed 64-bit key per history table, split as pg_locks shows it', () => {
    const a = advisoryLockKey('public.migrationlint_history');
    expect(a).toBe(advisoryLockKey('public.migrationlint_history'));
    expect(a).not.toBe(advisoryLockKey('ops.schema_log'));
    const n = BigInt(a);
    expect(n >= -(2n ** 63n) && n < 2n ** 63n).toBe(true);
    const { classid, objid } = advisoryLockHalves(a);
    expect((BigInt(classid) << 32n) | BigInt(objid)).toBe(BigInt.asUintN(64, n));
  });
});
