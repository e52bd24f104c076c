// SIGINT (Ctrl-C) and SIGTERM (what CI runners and Kubernetes send) during apply, down and
// resolve: the first one asks the engine to stop — it cancels the running statement on the
// server and records what took effect — and the command then exits 130 / 143; a second one
// exits at once.
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Caught = keyof typeof SIGNAL_EXIT_CODES;

export interface Interrupts {
  /** Aborted with the signal's name as its reason. */
  signal: AbortSignal;
  /** The exit code of the first signal received, if any. */
  exitCode(): number | undefined;
  dispose(): void;
}

export function catchInterrupts(say: (line: string) => void): Interrupts {
  const controller = new AbortController();
  let first: Caught | undefined;
  const handler = (sig: Caught) => {
    if (first) {
      say(`${sig} again: exiting now, without waiting for the server\n`);
      process.exit(SIGNAL_EXIT_CODES[sig]);
    }
    first = sig;
    say(`${sig}: cancelling the running statement and recording what took effect (send it again to exit at once)…\n`);
    controller.abort(sig);
  };
  const signals = Object.keys(SIGNAL_EXIT_CODES) as Caught[];
  for (const s of signals) process.on(s, handler);
  return {
    signal: controller.signal,
    exitCode: () => (first ? SIGNAL_EXIT_CODES[first] : undefined),
    dispose: () => {
      for (const s of signals) process.off(s, handler);
    },
  };
}
