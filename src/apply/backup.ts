// apply --backup DIR: pg_dump -Fc into a timestamped file (mode 0600) before anything runs.
// pg_dump is spawned with an argument array (no shell); the password goes in PGPASSWORD.
import { spawn } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { refusal } from './errors.js';
import type { Redactor } from './redact.js';

export interface BackupInput {
  url: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  redactor: Redactor;
  /** The pg_dump program (default: pg_dump from PATH). */
  pgDump?: string;
  now?: Date;
}

export interface BackupResult {
  file: string;
  bytes: number;
  durationMs: number;
}

/** The URL without its password, and the password (userinfo or ?password=) for PGPASSWORD. */
export function splitPassword(url: string): { url: string; password?: string } {
  const u = new URL(url);
  let password: string | undefined;
  if (u.password) password = decodeURIComponent(u.password);
  const q = u.searchParams.get('password');
  if (q !== null) {
    password ??= q;
    u.searchParams.delete('password');
  }
  u.password = '';
  return { url: u.toString(), ...(password !== undefined ? { password } : {}) };
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export async function runBackup(input: BackupInput): Promise<BackupResult> {
  const t0 = performance.now();
  const { url, password } = splitPassword(input.url);
  const dbName = decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
  const safeName = dbName.replace(/[^A-Za-z0-9_.-]/g, '_');
  await fs.mkdir(input.dir, { recursive: true, mode: 0o700 });
  const file = path.join(input.dir, `${safeName}-${stamp(input.now ?? new Date())}.dump`);
  const env: NodeJS.ProcessEnv = { ...input.env };
  delete env.PGPASSWORD;
  if (password !== undefined) env.PGPASSWORD = password;
  const program = input.pgDump ?? 'pg_dump';
  const fail = async (why: string) => {
    await fs.rm(file, { force: true });
    return refusal(`Backup failed, nothing was applied: ${input.redactor.redact(why)}`, 'backup');
  };

  // 'wx': never overwrite an existing dump; 0600 from the first byte.
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  }).catch(async (err: Error) => {
    throw await fail(`cannot create ${file}: ${err.message}`);
  });
  await fs.chmod(file, 0o600);

  const child = spawn(program, ['--format=custom', '--no-password', `--dbname=${url}`], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: false,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 8192) stderr += chunk;
  });
  child.stdout.pipe(out);
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => resolve({ code: null, signal: null, spawnError: err }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  await new Promise<void>((resolve) => (out.writableFinished || out.destroyed ? resolve() : out.end(() => resolve())));
  if (result.spawnError) {
    out.destroy();
    if (result.spawnError.code === 'ENOENT') {
      throw await fail(`${program} not found on PATH; install the PostgreSQL client tools (e.g. apt-get install postgresql-client) or drop --backup`);
    }
    throw await fail(`cannot run ${program}: ${result.spawnError.message}`);
  }
  if (result.code !== 0) {
    const why = stderr.trim() || (result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`);
    throw await fail(`${program} exited with ${result.signal ?? `code ${result.code}`}: ${why}`);
  }
  const { size } = await fs.stat(file);
  return { file, bytes: size, durationMs: performance.now() - t0 };
}
