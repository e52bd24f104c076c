// `lint --cache` run again exactly as before, nothing changed: the process repeats what the last
// such run wrote, before the CLI (commander, the config schema, the rules) or the parser loads.
// A run that took its report from a run snapshot (run-snapshot.ts) keeps an invocation record:
// its argv, working directory and environment, the stat records of what chose its config and
// migration set and of everything the snapshot read, and its stdout, stderr and exit code. A later
// process with the same invocation whose inputs all stat the same writes those bytes back.
// Anything else — another argument, a changed file, a terminal — runs the CLI.
//
// One file per invocation, written whole (a rename): a JSON header line, then the stdout bytes.
// This path loads neither node:crypto nor node:zlib (quick-digest.ts).
//
// The records sit beside V8's code cache, per user: the default cache location depends on the
// config file, which is not looked for on this path.
import { closeSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ownedByMe } from '../code-cache.js';
import { isPackedInputs, packedUnchanged, sameRecord, statRecord, type PackedInputs, type StatRecord } from './input-stats.js';
import { quickDigest } from './quick-digest.js';

export const INVOCATION_FORMAT = 2;

export interface InvocationHeader {
  format: number;
  invocation: string;
  /**
   * What decided the config and the set to lint (the config file, the directories searched and
   * walked) and what the run snapshot the report came from read.
   */
  inputs: PackedInputs;
  /** The run snapshot file as it stood: deleting the cache, or a later run's snapshot, ends the record. */
  snapshot: [path: string, record: NonNullable<StatRecord>];
  stderr: string;
  exitCode: number;
  /** The length of the stdout bytes after the header line. */
  stdoutBytes: number;
}

/** The run snapshot a report came whole from (src/cache/run-snapshot.ts): its file and what it read. */
export interface KeptSnapshot {
  file: string;
  record: NonNullable<StatRecord>;
  inputs: PackedInputs;
}

/**
 * Everything of the process that may change what `lint` writes. The environment enters as a
 * digest: the record is written to disk, and the environment holds the user's tokens.
 */
export function invocationKey(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const environment = Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({ argv, cwd, environment: quickDigest(JSON.stringify(environment)), node: process.version });
}

export const recordFile = (dir: string, invocation: string) => join(dir, `run-${quickDigest(invocation).slice(0, 16)}.rec`);

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

/** The record's header and stdout, when the file is this user's, whole, and of this invocation. */
function readRecord(file: string, invocation: string): { header: InvocationHeader; stdout: Buffer } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (!ownedByMe(fstatSync(fd))) return undefined;
    const bytes = readFileSync(fd);
    const end = bytes.indexOf(10);
    if (end < 0) return undefined;
    const header = JSON.parse(bytes.toString('utf8', 0, end)) as Partial<InvocationHeader>;
    const stdout = bytes.subarray(end + 1);
    const whole = header.format === INVOCATION_FORMAT && header.invocation === invocation && header.stdoutBytes === stdout.length && isPackedInputs(header.inputs) && Array.isArray(header.snapshot);
    return whole ? { header: header as InvocationHeader, stdout } : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
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
  const record = readRecord(recordFile(dir, invocation), invocation);
  if (!record || !sameRecord(statRecord(record.header.snapshot[0]), record.header.snapshot[1]) || !packedUnchanged(record.header.inputs)) return undefined;
  writeAll(1, record.stdout);
  writeAll(2, Buffer.from(record.header.stderr));
  return record.header.exitCode;
}
