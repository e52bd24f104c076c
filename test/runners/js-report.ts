// The JS/TS ORM runner tests: `lint -f json` on a fixture, entries by relative path, findings as line:column.
import path from 'node:path';
import { runCli } from '../helpers/cli.js';

export interface JsonEntry {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; message: string; help?: string }>;
  coverage?: { resolved: number; total: number; unresolved: Array<{ line: number; column: number; reason: string }> };
}

export function jsonReport(dir: string, args: string[] = []): { code: number; entries: Map<string, JsonEntry>; stderr: string } {
  const run = runCli(['lint', '-f', 'json', ...args], { cwd: dir });
  const entries = new Map((JSON.parse(run.stdout) as JsonEntry[]).map((e) => [path.relative(dir, e.filePath).split(path.sep).join('/'), e]));
  return { code: run.code, entries, stderr: run.stderr };
}

/** `line:column` of each finding of `rule` in a file's entry. */
export const at = (e: JsonEntry | undefined, rule: string) => (e?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => `${m.line}:${m.column}`);
