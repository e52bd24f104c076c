// The shape of .migrationlintrc.json, written once in zod: it validates the file and
// generates schema/migrationlintrc.schema.json (npm run docs), so editors autocomplete it.
import { z } from 'zod';
import { RUNNERS } from './types.js';

export const severitySetting = z.enum(['error', 'warning', 'off']);

/** A rule entry: a severity, or [severity, options]. Options are checked per rule later. */
export const ruleSetting = z.union([
  severitySetting,
  z.tuple([severitySetting]),
  z.tuple([severitySetting, z.record(z.string(), z.unknown())]),
]);

export const applyConfigSchema = z
  .object({
    databaseUrlEnv: z
      .string()
      .default('DATABASE_URL')
      .describe('Name of the environment variable holding the PostgreSQL URL.'),
    dataDir: z
      .string()
      .default('.migrationlint/db')
      .describe('Embedded PGlite data directory used when no database URL is given.'),
    historyTable: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'a table name, optionally schema-qualified')
      .default('public.migrationlint_history'),
    lockTimeout: z
      .string()
      .default('5s')
      .describe('SET lock_timeout for every migration ("0" disables).'),
    statementTimeout: z
      .string()
      .default('0')
      .describe('SET statement_timeout for every migration ("0" disables).'),
    retries: z.number().int().min(0).max(20).default(3).describe('Attempts after a lock timeout (55P03).'),
    lockWait: z.number().min(0).default(60).describe('Seconds to wait for another apply to finish.'),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    migrations: z
      .union([z.string(), z.array(z.string()).min(1)])
      .optional()
      .describe('Migration directories, files or globs, relative to this file. Default: ./migrations.'),
    pgVersion: z
      .number()
      .int()
      .min(9)
      .max(18)
      .default(16)
      .describe('Major version of the PostgreSQL the migrations run on.'),
    rules: z.record(z.string(), ruleSetting).default({}).describe('Rule id → severity or [severity, options].'),
    runner: z
      .enum(RUNNERS)
      .default('auto')
      .describe('Who runs the migrations; decides the transaction each file gets. auto reads runner markers.'),
    assumeInTransaction: z
      .boolean()
      .default(false)
      .describe('Treat every migration as wrapped in a transaction by its runner.'),
    down: z
      .enum(['auto', 'required', 'none'])
      .default('auto')
      .describe('auto: downs required when the set has any; required; none.'),
    apply: applyConfigSchema.default(applyConfigSchema.parse({})),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type ConfigFile = z.output<typeof configSchema>;
export type ApplyConfig = z.output<typeof applyConfigSchema>;
export type RuleSetting = z.output<typeof ruleSetting>;
