// A throwaway project for CLI tests: a config and files in a temporary directory, removed by
// removeTempProjects() (call it in afterAll).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** Writes `.migrationlintrc.json` with `config` and every file (relative path → text); returns the directory. */
export function tempProject(prefix: string, config: object, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), `ml-${prefix}-`));
  made.push(dir);
  writeFileSync(path.join(dir, '.migrationlintrc.json'), `${JSON.stringify(config)}\n`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

export function removeTempProjects(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
