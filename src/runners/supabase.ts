// Supabase CLI: `supabase/migrations/<digits>_<name>.sql`. The CLI splits a file into statements
// and sends them with the insert into its history table as one pgconn batch, which PostgreSQL runs
// as one implicit transaction: even a file of a single statement runs in a transaction block.
import path from 'node:path';
import { readEach, wholeFile } from './read.js';
import type { Probe, RunnerModule } from './types.js';

// supabase/cli pkg/migration/file.go
const NAME_RE = /^([0-9]+)_(.*)\.sql$/;

/** A `migrations` directory inside a `supabase` project directory (with its config.toml, or named so). */
function supabaseProject(dir: string, probe: Probe): string | undefined {
  return probe.memo(`supabase:${dir}`, () => {
    const project = path.dirname(dir);
    if (path.basename(dir) !== 'migrations') return undefined;
    if (probe.exists(path.join(project, 'config.toml'))) return 'supabase/config.toml';
    return path.basename(project) === 'supabase' ? 'the supabase/migrations directory' : undefined;
  });
}

export const supabase: RunnerModule = {
  name: 'supabase',
  title: 'Supabase CLI',
  defaultDirs: ['supabase/migrations'],
  markers: [{ file: 'supabase/config.toml', setDirs: (config) => [path.join(path.dirname(config), 'migrations')] }],
  separators: "the CLI's own statement splitter (pkg/parser)",
  detect(file, probe) {
    if (!NAME_RE.test(path.basename(file.path))) return undefined;
    const sign = supabaseProject(path.dirname(file.path), probe);
    return sign ? { strength: 'metadata', what: `<digits>_<name>.sql in ${sign}` } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readEach(files, wholeFile('plain')),
  transaction: {
    model: 'wrapped',
    behaviour: 'the Supabase CLI sends the statements of a migration and its history insert as one batch, which runs in one implicit transaction',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
