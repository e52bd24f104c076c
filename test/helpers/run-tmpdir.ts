// A global setup (vitest.config.ts): the whole run gets one directory under the system's TMPDIR,
// inherited by every test worker, and removed when the run ends. Each test file's own directory
// (private-tmpdir.ts) is made inside it, so a file whose tests all skip — and whose afterAll
// never runs — leaves nothing behind either.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const outer = tmpdir();
  const run = mkdtempSync(join(outer, 'mlt-run-'));
  // Run as root, the PostgreSQL helper starts its server as the postgres user, which must get in.
  chmodSync(run, 0o755);
  process.env.TMPDIR = run;
  return () => {
    process.env.TMPDIR = outer;
    rmSync(run, { recursive: true, force: true, maxRetries: 5 });
  };
}
