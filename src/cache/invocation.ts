// `lint --cache` run again exactly as before, nothing changed: the process repeats what the last
// such run wrote, before the CLI (commander, the config schema, the rules) or the parser loads.
// A run that took its report from a run snapshot (run-snapshot.ts) keeps an invocation record:
// its argv, working directory and environment, the stat records of what chose its config and
// migration set, the snapshot it stood on, and its stdout, stderr and exit code. A later process
// with the same invocation whose records and snapshot inputs all stat the same writes those
// bytes back. Anything else — another argument, a changed file, a terminal — runs the CLI.
//
// The records sit beside V8's code cache, per user: the default cache location depends on the
// config file, which is not looked for on this path.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { ownedByMe } from '../code-cache.js';
import { unchanged, type InputStats } from './input-stats.js';

const FORMAT = 1;

export interface InvocationRecord {
  format: number;
  invocation: string;
  /** What decided the config and the set to lint: the config file, the directories searched and walked. */
  inputs: InputStats;
  /** The run snapshot whose report this run wrote: valid while its inputs stat the same. */
  snapshot: { file: string; generation: string };
  /** crc32 of the stdout bytes kept beside the record (another run may have rewritten them). */
  stdoutCrc: number;
  stderr: string;
  exitCode: number;
}

/**
 * Everything of the process that may change what `lint` writes. The environment enters as a
 * digest: the record is written to disk, and the environment holds the user's tokens.
 */
export function invocationKey(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const environment = Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1));
  const digest = createHash('sha256').update(JSON.stringify(environment)).digest('hex');
  return JSON.stringify({ argv, cwd, environment: digest, node: process.version });
}

export const recordFile = (dir: string, invocation: string) => join(dir, `run-${crc32(invocation).toString(16)}.json`);
export const outputFile = (record: string) => `${record}.out`;

/**
 * Neither output is a terminal (nor another character device: a terminal cannot be told from
 * /dev/null without loading node:tty): colors and widths then depend on the environment alone.
 */
export function plainOutputs(): boolean {
  try {
    return !fstatSync(1).isCharacterDevice() && !fstatSync(2).isCharacterDevice();
  } catch {
    return false;
  }
}

function readRecord(file: string, invocation: string): InvocationRecord | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (!ownedByMe(fstatSync(fd))) return undefined;
    const record = JSON.parse(readFileSync(fd, 'utf8')) as Partial<InvocationRecord>;
    return record.format === FORMAT && record.invocation === invocation ? (record as InvocationRecord) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function snapshotStands({ file, generation }: InvocationRecord['snapshot']): boolean {
  try {
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { generation?: string; inputs?: InputStats };
    return snapshot.generation === generation && Array.isArray(snapshot.inputs) && unchanged(snapshot.inputs);
  } catch {
    return false;
  }
}

/**
 * Writes all of `bytes` to a descriptor that may be non-blocking (a pipe another process set so).
 * A reader that went away (`lint --cache | head`) is not an error, as in the CLI.
 */
function writeAll(fd: number, bytes: Uint8Array): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/**
 * Repeats the recorded run of this very invocation when nothing it read has changed, and returns
 * its exit code; undefined when the CLI must run. `dir` is the per-user record directory.
 */
export function replayInvocation(dir: string | undefined, argv: readonly string[]): number | undefined {
  if (dir === undefined || !plainOutputs()) return undefined;
  const invocation = invocationKey(argv, process.cwd(), process.env);
  const file = recordFile(dir, invocation);
  const record = readRecord(file, invocation);
  if (!record || !unchanged(record.inputs) || !snapshotStands(record.snapshot)) return undefined;
  let output: Buffer;
  try {
    output = readFileSync(outputFile(file));
  } catch {
    return undefined;
  }
  if (crc32(output) !== record.stdoutCrc) return undefined;
  writeAll(1, output);
  writeAll(2, Buffer.from(record.stderr));
  return record.exitCode;
}
