// `migrationlint stats`: reads table sizes and write rates from a live database (read-only) and
// writes them to the stats file lint, explain, the language server and SARIF read.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { CliIO } from './cli-io.js';
import { ConfigError, loadConfig } from './config.js';
import { Redactor } from './apply/redact.js';
import { collectStats } from './stats/collect.js';
import { formatStats } from './stats/file.js';
import { printable } from './output-safe.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 600) throw new InvalidArgumentError('a number of seconds from 0 to 600');
  return n;
}

export function registerStatsCommand(program: Command, io: CliIO): void {
  program
    .command('stats')
    .description('read table sizes, row estimates and write rates from a database (read-only) into the stats file')
    .option('--database-url <url>', 'PostgreSQL URL to read (default: $DATABASE_URL, or apply.databaseUrlEnv); a replica will do')
    .option('-o, --output <path>', 'file to write (default: the config\'s stats.file, .migrationlint/stats.json); - for stdout')
    .option('--sample-seconds <n>', 'seconds between two readings of the write counters; 0: rates since the statistics were reset', seconds, 1)
    .action(async (flags: { databaseUrl?: string; output?: string; sampleSeconds: number }, command: Command) => {
      const globals = command.optsWithGlobals() as { config?: string };
      const config = await loadConfig({ cwd: io.cwd, ...(globals.config ? { configPath: globals.config } : {}) });
      const envName = config.apply.databaseUrlEnv;
      const url = flags.databaseUrl?.trim() || io.env[envName]?.trim();
      if (!url) throw new ConfigError(`stats needs a database: pass --database-url or set $${envName}`);
      const redactor = new Redactor();
      let text: string;
      let tableCount: number;
      let server: string;
      try {
        // pg loads only here: every other command starts without it.
        const { PgDb } = await import('./apply/pg-driver.js');
        const db = await PgDb.connect({ url, applicationName: 'migrationlint stats' });
        try {
          const stats = await collectStats(db, { sampleSeconds: flags.sampleSeconds });
          text = formatStats(stats);
          tableCount = Object.keys(stats.tables).length;
          server = stats.server.version;
        } finally {
          await db.close();
        }
      } catch (error) {
        throw new ConfigError(`stats: ${printable(redactor.message(error))}`);
      }
      if (flags.output === '-') return io.stdout(text);
      const file = flags.output ? resolve(io.cwd, flags.output) : config.stats.file;
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
      io.stderr(`wrote ${relative(io.cwd, file) || file}: ${tableCount} table${tableCount === 1 ? '' : 's'} of PostgreSQL ${server}\n`);
    });
}
