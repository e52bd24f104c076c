// The directories migrationlint keeps its own state in (the embedded database, the result cache)
// are never meant to be committed: each one it makes gets a .gitignore (as ruff and pytest do).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `mkdir -p dir`; when this made it, a `.gitignore` in it ignores everything it holds. */
export function makeIgnoredDirectory(dir: string): void {
  if (mkdirSync(dir, { recursive: true }) !== undefined) writeFileSync(join(dir, '.gitignore'), '*\n');
}
