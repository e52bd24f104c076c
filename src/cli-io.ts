// The only channel between CLI commands and the outside world: commands write through it
// and set their exit code on it, so tests can run them in-process and capture everything.

export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  /** True when stderr is a terminal (progress indicators, colors). */
  isTTY: boolean;
  /** Colors on stdout (its own terminal, FORCE_COLOR, NO_COLOR, --no-color). */
  color: boolean;
  /** Colors on stderr, decided by stderr's terminal: `lint > report.txt` still colors messages. */
  stderrColor: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  setExitCode(code: number): void;
}
