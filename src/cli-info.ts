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
import { didYouMean } from './suggest.js';
import { rules } from '../rules/index.js';

export function starterConfig(migrationsDir: string, naming: RuleSetting = ['error', { preset: 'prefixed' }]): Record<string, unknown> {
  return {
    $schema: './node_modules/migrationlint/schema/migrationlintrc.schema.json',
    migrations: [migrationsDir],
    pgVersion: 16,
    runner: 'auto',
    rules: { 'naming-convention': naming },
  };
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
    .option('--migrations <dir>', 'where the migrations live', 'migrations')
    .action(async (flags: { migrations: string }) => {
      const file = join(io.cwd, CONFIG_FILE);
      if (existsSync(file)) throw new ConfigError(`${file} already exists; not overwritten`);
      const naming = await chooseNaming(io.cwd, flags.migrations);
      writeFileSync(file, `${JSON.stringify(starterConfig(flags.migrations, naming.setting), null, 2)}\n`);
      io.stderr(`wrote ${file}\n${naming.note}\n`);
      io.stderr('`migrationlint apply` without a database URL creates an embedded database in .migrationlint/db, with a .gitignore of its own: commit the config, not that directory.\n');
    });
}
