// Keeps the invocation record of a `lint --cache` run (invocation.ts replays it): what the run
// wrote, and the stat records of what chose its config and its migration set.
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CliIO } from '../cli-io.js';
import { ownedByMe } from '../code-cache.js';
import type { ResolvedConfig } from '../config.js';
import { staticBase } from '../discover/inside.js';
import { packInputs, racy, statAll, unpackInputs } from './input-stats.js';
import { INVOCATION_FORMAT, invocationKey, plainOutputs, recordFile, type InvocationHeader, type KeptSnapshot } from './invocation.js';
import { walkedDirectories } from './walked-dirs.js';

/** Records kept per user (each with its output); the oldest go. */
const KEEP = 16;

export interface Recording {
  /** The IO to run the command on: it passes everything through and keeps a copy. */
  io: CliIO;
  /** Keeps the record, when the run's report came whole from `snapshot`. */
  keep(run: { argv: readonly string[]; config: ResolvedConfig; explicitConfig: boolean; paths: readonly string[]; snapshot: KeptSnapshot }): void;
}

/** Directories from each start up to the config's: a config file created in one of them would be found first. */
function searchedDirectories(starts: readonly string[], configDir: string): string[] {
  const dirs: string[] = [];
  for (let dir of starts) {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) dir = dirname(dir);
    for (; dir !== dirname(dir) && dir !== configDir; dir = dirname(dir)) dirs.push(dir);
  }
  return dirs;
}

export function recordInvocation(io: CliIO, dir: string | undefined): Recording {
  const started = Date.now();
  const stdout: string[] = [];
  const stderr: string[] = [];
  let exitCode = 0;
  const recording: CliIO = {
    ...io,
    stdout: (s) => (stdout.push(s), io.stdout(s)),
    stderr: (s) => (stderr.push(s), io.stderr(s)),
    setExitCode: (code) => ((exitCode = Math.max(exitCode, code)), io.setExitCode(code)),
  };
  return {
    io: recording,
    keep({ argv, config, explicitConfig, paths, snapshot }) {
      // Only a process's own run (not an in-process caller's) with a config file, on plain outputs.
      if (dir === undefined || io.env !== process.env || io.cwd !== process.cwd() || !config.file || !plainOutputs()) return;
      const patterns = config.migrations.map((p) => resolve(config.dir, p));
      const walked = walkedDirectories(patterns);
      if (!walked) return;
      const named = paths.map((p) => resolve(io.cwd, p));
      const searched = explicitConfig ? [] : searchedDirectories(named.length > 0 ? [io.cwd, ...named] : [io.cwd], config.dir);
      const inputs = statAll(new Set([config.file, config.stats.file, ...searched, ...patterns.map(staticBase), ...walked]));
      if (racy(inputs, started)) return;
      const invocation = invocationKey(argv, io.cwd, io.env);
      const header: InvocationHeader = {
        format: INVOCATION_FORMAT,
        invocation,
        inputs: packInputs([...new Map([...inputs, ...unpackInputs(snapshot.inputs)])]),
        snapshot: [snapshot.file, snapshot.record],
        stderr: stderr.join(''),
        exitCode,
        stdoutBytes: stdout.reduce((bytes, chunk) => bytes + Buffer.byteLength(chunk), 0),
      };
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!ownedByMe(statSync(dir))) return;
        writeAtomically(recordFile(dir, invocation), [`${JSON.stringify(header)}\n`, ...stdout]);
        pruneOldest(dir);
      } catch {
        // A read-only or full disk: the next run lints as this one did.
      }
    },
  };
}

/** Bytes encoded at a time: the texts are written without a copy of the whole output. */
const WRITE_BYTES = 1 << 16;

/** Writes `texts` as UTF-8 through a small buffer, each as the CLI wrote it to stdout, then renames the file into place. */
function writeAtomically(file: string, texts: readonly string[]): void {
  const partial = `${file}.${process.pid}.tmp`;
  const fd = openSync(partial, 'w', 0o600);
  try {
    const encoder = new TextEncoder();
    const buffer = new Uint8Array(WRITE_BYTES);
    for (const text of texts) {
      for (let at = 0; at < text.length; ) {
        const { read, written } = encoder.encodeInto(at === 0 ? text : text.slice(at), buffer);
        at += read;
        for (let done = 0; done < written; ) done += writeSync(fd, buffer, done, written - done);
      }
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
}

function pruneOldest(dir: string): void {
  const records = readdirSync(dir)
    .filter((name) => /^run-[0-9a-f]+\.rec$/.test(name))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path } of records.slice(KEEP)) rmSync(path, { force: true });
}
