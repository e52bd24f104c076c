// `migrationlint rules [id]` and `migrationlint init`.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { CONFIG_FILE, ConfigError } from './config.js';
import { ruleDoc, rulesTable } from './docs.js';
import { rules } from '../rules/index.js';

export function starterConfig(migrationsDir: string): Record<string, unknown> {
  return {
    $schema: './node_modules/migrationlint/schema/migrationlintrc.schema.json',
    migrations: [migrationsDir],
    pgVersion: 16,
    runner: 'auto',
    rules: { 'naming-convention': ['error', { preset: 'prefixed' }] },
  };
}

export function registerInfoCommands(program: Command, io: CliIO): void {
  program
    .command('rules')
    .description('list the rules, or print the docs of one')
    .argument('[id]', 'rule id')
    .action((id?: string) => {
      if (!id) {
        io.stdout(`${rulesTable()}\n`);
        return;
      }
      const rule = rules.get(id);
      if (!rule) throw new ConfigError(`unknown rule "${id}" (run \`migrationlint rules\` for the list)`);
      io.stdout(ruleDoc(rule));
    });

  program
    .command('init')
    .description(`write a starter ${CONFIG_FILE} (naming preset on)`)
    .option('--migrations <dir>', 'where the migrations live', 'migrations')
    .action((flags: { migrations: string }) => {
      const file = join(io.cwd, CONFIG_FILE);
      if (existsSync(file)) throw new ConfigError(`${file} already exists; not overwritten`);
      writeFileSync(file, `${JSON.stringify(starterConfig(flags.migrations), null, 2)}\n`);
      io.stderr(`wrote ${file}\n`);
      io.stderr('`migrationlint apply` without a database URL creates an embedded database in .migrationlint/db, with a .gitignore of its own: commit the config, not that directory.\n');
    });
}
