// `migrationlint rules [id]` and `migrationlint init`.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { CONFIG_FILE, ConfigError, loadConfig } from './config.js';
import type { RuleSetting } from './config-schema.js';
import { rulesTextTable } from './cli-rules-table.js';
import { ruleDoc, rulesTable } from './docs.js';
import { chooseNaming } from './init-naming.js';
import { DiscoveryError } from './discover/expand.js';
import { printable } from './output-safe.js';
import { didYouMean } from './suggest.js';
import { foundLine, zeroConfigSets, type FoundSet } from './zero-config.js';
import { rules } from '../rules/index.js';

export function starterConfig(migrationsDir: string, naming: RuleSetting = ['error', { preset: 'prefixed' }], runner = 'auto'): Record<string, unknown> {
  return {
    $schema: './node_modules/migrationlint/schema/migrationlintrc.schema.json',
    migrations: [migrationsDir],
    pgVersion: 16,
    runner,
    rules: { 'naming-convention': naming },
  };
}

/**
 * `init` without --migrations: the first set zero-config discovery finds, with its runner when
 * every migration of it is that runner's; the others listed (a config holds one set: several
 * directories in `migrations` are read as one set).
 */
async function detectedSet(io: CliIO): Promise<{ migrations: string; runner: string }> {
  let sets: FoundSet[];
  try {
    sets = await zeroConfigSets(io.cwd, 'init', false);
  } catch (error) {
    if (!(error instanceof DiscoveryError)) throw error;
    io.stderr(`migrationlint: ${printable(error.message, { keepLayout: true })}\nwriting "migrations": ["migrations"]; edit it if they live elsewhere\n`);
    return { migrations: 'migrations', runner: 'auto' };
  }
  const [first, ...rest] = sets as [FoundSet, ...FoundSet[]];
  for (const set of sets) io.stderr(foundLine(set));
  if (rest.length > 0) {
    io.stderr(`migrationlint: a ${CONFIG_FILE} holds one set: writing ${printable(first.dir)}; lint the others by naming them (\`migrationlint lint ${printable(rest[0]!.dir)}\`) or give each its own config (\`migrationlint init\` in its directory)\n`);
  }
  // migrationlint's own engine is what `auto` falls back to: written as auto, a goose marker added later still counts.
  const specific = first.others.size === 0 && first.runner.name !== 'migrationlint';
  return { migrations: first.dir, runner: specific ? first.runner.name : 'auto' };
}

export function registerInfoCommands(program: Command, io: CliIO): void {
  program
    .command('rules')
    .description('list the rules (default and project severity, fixable, what each flags), or print the docs of one')
    .argument('[id]', 'rule id')
    .option('--markdown', 'the list as a Markdown table (the README\'s)')
    .action(async (id: string | undefined, flags: { markdown?: boolean }, command: Command) => {
      if (!id) {
        if (flags.markdown) return io.stdout(`${rulesTable()}\n`);
        const globals = command.optsWithGlobals() as { config?: string };
        const config = await loadConfig({ cwd: io.cwd, ...(globals.config ? { configPath: globals.config } : {}) });
        io.stdout(`${rulesTextTable(rules.values(), config.file ? config : undefined, io.color)}\n`);
        return;
      }
      const rule = rules.get(id);
      if (!rule) throw new ConfigError(`unknown rule "${id}"${didYouMean(id, rules.keys())} (run \`migrationlint rules\` for the list)`);
      io.stdout(ruleDoc(rule));
    });

  program
    .command('init')
    .description(`write a starter ${CONFIG_FILE}; naming-convention follows the preset the existing migrations use (a warning when they follow none)`)
    .option('--migrations <dir>', 'where the migrations live (default: the set found under the current directory, else migrations)')
    .action(async (flags: { migrations?: string }) => {
      const file = join(io.cwd, CONFIG_FILE);
      if (existsSync(file)) throw new ConfigError(`${file} already exists; not overwritten`);
      const { migrations, runner } = flags.migrations !== undefined ? { migrations: flags.migrations, runner: 'auto' } : await detectedSet(io);
      const naming = await chooseNaming(io.cwd, migrations);
      writeFileSync(file, `${JSON.stringify(starterConfig(migrations, naming.setting, runner), null, 2)}\n`);
      io.stderr(`wrote ${file}\n${naming.note}\n`);
      io.stderr('`migrationlint apply` without a database URL creates an embedded database in .migrationlint/db, with a .gitignore of its own: commit the config, not that directory.\n');
    });
}
