// `migrationlint apply` as a deploy runs it: the built CLI in its own process, JSON events on
// stdout, killed with SIGKILL when the test says so.
import { spawn } from 'node:child_process';
import { bin } from '../helpers/cli.js';

export interface ApplyProc {
  /** Resolves when the process reported its database connection (or exited before). */
  connected: Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  events: () => Array<Record<string, unknown> & { type: string }>;
  stderr: () => string;
  exited: () => boolean;
  kill: () => void;
  /** Sends a signal (SIGINT, SIGTERM …) to the process. */
  signal: (sig: NodeJS.Signals) => void;
}

/** Only what the CLI needs: no inherited DATABASE_URL, no CI variables. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k]) env[k] = process.env[k];
  return env;
}

export function startApply(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): ApplyProc {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exited = false;
  const events: Array<Record<string, unknown> & { type: string }> = [];
  let onConnect: () => void = () => undefined;
  const connected = new Promise<void>((r) => (onConnect = r));
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as Record<string, unknown> & { type: string };
        events.push(e);
        if (e.type === 'connect') onConnect();
      } catch {
        // not an event line: kept in stdout for the report
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => {
      exited = true;
      onConnect();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return {
    connected,
    done,
    events: () => events,
    stderr: () => stderr,
    exited: () => exited,
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
    signal: (sig) => {
      if (!exited) child.kill(sig);
    },
  };
}
