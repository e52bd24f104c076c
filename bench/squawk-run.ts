// Run squawk's CLI over many files (in batches that fit in one argv) and collect its JSON findings.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';

export interface SquawkFinding {
  file: string;
  line: number;
  column: number;
  level: string;
  message: string;
  rule_name: string;
}

/** Keep each command line well under Linux's per-argv limits (ARG_MAX is shared with the environment). */
const MAX_ARGV_CHARS = 100_000;

function batches(files: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const file of files) {
    if (current.length > 0 && size + file.length + 1 > MAX_ARGV_CHARS) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.length + 1;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** squawk exits 0 when clean and 1 when it found something; anything else is a failure. */
export function runSquawk(bin: string, files: readonly string[], args: readonly string[] = []): SquawkFinding[] {
  const findings: SquawkFinding[] = [];
  for (const batch of batches(files)) {
    // An empty working directory: no .squawk.toml of anyone's is picked up.
    const run = spawnSync(bin, ['--reporter', 'json', ...args, ...batch], { cwd: tmpdir(), encoding: 'utf8', maxBuffer: 1 << 30 });
    if (run.error) throw run.error;
    if (run.status !== 0 && run.status !== 1) throw new Error(`squawk exited with ${run.status ?? run.signal}: ${run.stderr.slice(0, 2000)}`);
    const text = run.stdout.trim();
    if (text) findings.push(...(JSON.parse(text) as SquawkFinding[]));
  }
  return findings;
}
