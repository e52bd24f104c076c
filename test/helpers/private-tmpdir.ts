// A setup file (vitest.config.ts): each test file gets a directory of its own as TMPDIR, removed
// after its tests, also when they fail. Whatever the file, its helpers or the CLIs and servers it
// starts leave in tmpdir() (projects, --cache records, the code cache, PostgreSQL data
// directories) goes with it instead of piling up in /tmp run after run.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const outer = tmpdir();
const own = mkdtempSync(join(outer, 'mlt-'));
// Run as root, the PostgreSQL helper starts its server as the postgres user, which must get in.
chmodSync(own, 0o755);
process.env.TMPDIR = own;

// Registered before the file's own hooks, so it runs after them (servers are stopped first).
afterAll(() => {
  process.env.TMPDIR = outer;
  try {
    rmSync(own, { recursive: true, force: true, maxRetries: 5 });
  } catch (error) {
    console.warn(`could not remove the test file's temporary directory ${own}: ${String(error)}`);
  }
});
