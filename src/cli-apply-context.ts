// What every apply / down / status / resolve command shares: the redacted output, the colors,
// the config (a zero-config set when there is no file) and the engine options; a guard that
// turns anything thrown into a redacted message; SIGINT / SIGTERM as a stop request.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { loadConfig, type ResolvedConfig } from './config.js';
import type { EngineOptions } from './apply/engine.js';
import { ApplyError } from './apply/errors.js';
import { Redactor } from './apply/redact.js';
import { printable } from './output-safe.js';
import { catchInterrupts, type Interrupts } from './cli-signals.js';
import { configForSet, singleSet, withoutConfigFile } from './zero-config.js';

export type Format = 'text' | 'json';

export interface ConnectionFlags {
  databaseUrl?: string;
  lockWait?: number;
  format: Format;
}

/** A CliIO whose output is redacted, plus what every command shares. */
export interface Ctx {
  io: CliIO;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Colors for stdout, and for stderr (each follows its own terminal). */
  c: ChalkInstance;
  cErr: ChalkInstance;
  redactor: Redactor;
  config: ResolvedConfig;
  json: boolean;
  engine: EngineOptions;
}

export async function context(io: CliIO, command: Command, flags: ConnectionFlags, redactor: Redactor): Promise<Ctx> {
  const globals = command.optsWithGlobals() as { config?: string };
  let config = await loadConfig({ cwd: io.cwd, ...(globals.config ? { configPath: globals.config } : {}) });
  if (withoutConfigFile(config)) config = configForSet(config, await singleSet(io.cwd, command.name(), false, (s) => io.stderr(redactor.redact(s))));
  const json = flags.format === 'json';
  return {
    io,
    out: (s) => io.stdout(redactor.redact(s)),
    err: (s) => io.stderr(redactor.redact(s)),
    c: new Chalk({ level: io.color && !json ? 1 : 0 }),
    cErr: new Chalk({ level: io.stderrColor ? 1 : 0 }),
    redactor,
    config,
    json,
    engine: {
      cwd: io.cwd,
      config,
      env: io.env,
      redactor,
      ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
      ...(flags.lockWait !== undefined ? { lockWait: flags.lockWait } : {}),
    },
  };
}

/**
 * Runs a command body with the redactor its output passes through; anything thrown becomes
 * a redacted message (exit 2 unless it says otherwise).
 */
export async function guarded(io: CliIO, body: (redactor: Redactor) => Promise<void>): Promise<void> {
  const redactor = new Redactor();
  try {
    await body(redactor);
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    // Config and discovery problems: the program prints them (exit 2).
    if (name === 'ConfigError' || name === 'DiscoveryError' || name === 'CommanderError') throw err;
    io.stderr(`migrationlint: ${printable(redactor.message(err), { keepLayout: true })}\n`);
    io.setExitCode(err instanceof ApplyError ? err.exitCode : 2);
  }
}

/** Runs a command body with SIGINT / SIGTERM turned into a stop request. */
export async function interruptible<T>(ctx: Ctx, body: (signal: AbortSignal) => Promise<T>): Promise<{ result: T; interrupts: Interrupts }> {
  const interrupts = catchInterrupts((s) => ctx.err(s));
  try {
    return { result: await body(interrupts.signal), interrupts };
  } finally {
    interrupts.dispose();
  }
}
