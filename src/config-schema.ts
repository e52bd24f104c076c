// The shape of .migrationlintrc.json, written once in zod: it validates the file and
// generates schema/migrationlintrc.schema.json (npm run docs), so editors autocomplete it.
// The schemas are built when first asked for: a run with an empty or absent config file takes
// CONFIG_DEFAULTS as they are, and building them was ~a third of loading the CLI's code.
import * as z from 'zod/mini';
import { runnerNames } from './runners/index.js';

/** What a rule's severity may be written as: `"warn"` is read as `"warning"` (ESLint's spelling). */
export const SEVERITY_WORDS = ['error', 'warning', 'warn', 'off'] as const;

/**
 * What an empty config file means, written once: the schemas default to these values, and
 * config.ts takes them as they are for an empty or absent file (test/config-schema.test.ts holds
 * them equal to the schemas' parse of {}). A new object on each call: callers own what they get.
 */
export function configDefaults() {
  return {
    pgVersion: 16,
    rules: {},
    runner: 'auto' as const,
    assumeInTransaction: false,
    down: 'auto' as const,
    apply: {
      databaseUrlEnv: 'DATABASE_URL',
      dataDir: '.migrationlint/db',
      historyTable: 'public.migrationlint_history',
      lockTimeout: '5s',
      statementTimeout: '0',
      retries: 3,
      lockWait: 60,
      schemaDiff: true,
    },
    deployTimeouts: { lockTimeout: false, statementTimeout: false },
    stats: {
      file: '.migrationlint/stats.json',
      smallTable: { rows: 10000, bytes: '100MB' },
      largeTable: { rows: 10000000, bytes: '10GB' },
    },
    runnerOptions: {},
    orm: { execute: false, timeout: 20 },
    allowOutside: [],
  };
}

let built: ConfigSchemas | undefined;
/** The zod schemas of the config file, built on the first call. */
export const configSchemas = (): ConfigSchemas => (built ??= buildSchemas());

type ConfigSchemas = ReturnType<typeof buildSchemas>;

function buildSchemas() {
  const defaults = configDefaults();
  const severitySetting = z.pipe(
    z.enum(SEVERITY_WORDS),
    z.transform((s: (typeof SEVERITY_WORDS)[number]) => (s === 'warn' ? 'warning' : s)),
  );

  /** A rule entry: a severity, or [severity, options]. Options are checked per rule later. */
  const ruleSetting = z.union([
    severitySetting,
    z.tuple([severitySetting]),
    z.tuple([severitySetting, z.record(z.string(), z.unknown())]),
  ]);

  const applyConfigSchema = z.strictObject({
    databaseUrlEnv: z._default(z.string(), defaults.apply.databaseUrlEnv).check(z.describe('Name of the environment variable holding the PostgreSQL URL.')),
    dataDir: z._default(z.string(), defaults.apply.dataDir).check(z.describe('Embedded PGlite data directory used when no database URL is given.')),
    historyTable: z._default(
      z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'a table name, optionally schema-qualified')),
      defaults.apply.historyTable,
    ),
    lockTimeout: z._default(z.string(), defaults.apply.lockTimeout).check(z.describe('SET lock_timeout for every migration ("0" disables).')),
    statementTimeout: z._default(z.string(), defaults.apply.statementTimeout).check(z.describe('SET statement_timeout for every migration ("0" disables).')),
    retries: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(20)), defaults.apply.retries).check(z.describe('Attempts after a lock timeout (55P03).')),
    lockWait: z._default(z.number().check(z.minimum(0)), defaults.apply.lockWait).check(z.describe('Seconds to wait for another apply to finish.')),
    schemaDiff: z._default(z.boolean(), defaults.apply.schemaDiff).check(z.describe("Record each migration's schema diff in its history row (one catalog snapshot per migration); false leaves schema_diff NULL.")),
  });

  const deployTimeoutsSchema = z
    .strictObject({
      lockTimeout: z._default(z.boolean(), defaults.deployTimeouts.lockTimeout).check(z.describe('Your deploy sets lock_timeout for every migration, whatever the runner.')),
      statementTimeout: z._default(z.boolean(), defaults.deployTimeouts.statementTimeout).check(z.describe('Your deploy sets statement_timeout for every migration, whatever the runner.')),
    })
    .check(z.describe('Timeouts set outside the migrations (PGOPTIONS, ALTER ROLE … SET, a wrapper script): require-lock-timeout and require-statement-timeout then stay quiet.'));

  /** A size written as bytes or with a unit: 10737418240, "10GB", "500 MB" (1 kB = 1024 bytes, as PostgreSQL counts). */
  const byteSize = z.union([
    z.number().check(z.int(), z.minimum(0)),
    z.string().check(z.regex(/^\s*\d+(\.\d+)?\s*(B|kB|KB|MB|GB|TB)\s*$/i, 'a size such as "10GB", "500MB" or a number of bytes')),
  ]);

  const tableThreshold = z.strictObject({
    rows: z.optional(z.number().check(z.int(), z.minimum(0))),
    bytes: z.optional(byteSize),
  });

  const statsConfigSchema = z.strictObject({
    file: z._default(z.string(), defaults.stats.file).check(z.describe('Table statistics written by `migrationlint stats`, relative to this file; used by lint, explain, the language server and SARIF when present.')),
    smallTable: z
      ._default(tableThreshold, defaults.stats.smallTable)
      .check(z.describe('A table under every limit given here is small: its lock findings are warnings instead of errors (the message says why).')),
    largeTable: z
      ._default(tableThreshold, defaults.stats.largeTable)
      .check(z.describe('A table over any limit given here is large: its lock findings say so, and a rewrite or whole-table UPDATE of it is a large-table-rewrite finding.')),
  });

  const runnerOptionsSchema = z
    .strictObject({
      'golang-migrate': z.optional(
        z.strictObject({
          multiStatement: z
            ._default(z.boolean(), false)
            .check(z.describe('The database URL carries x-multi-statement=true: golang-migrate splits each file on `;` and runs the statements one by one, without a transaction.')),
        }),
      ),
    })
    .check(z.describe("Runner settings that live outside the migration files (a database-URL parameter), keyed by runner."));

  const ormConfigSchema = z
    .strictObject({
      execute: z
        ._default(z.boolean(), defaults.orm.execute)
        .check(
          z.describe(
            "lint/explain run each ORM migration's up and down with the ORM's own SQL compiler and a recording driver (no database connection) in a child process, and lint the SQL it sends instead of the static translation. This runs the repository's code: the language server never does it. Same as --orm-execute.",
          ),
        ),
      modulesDir: z.optional(z.string()).check(z.describe("Directory the ORM (and typescript, for .ts migrations) is resolved from, relative to this file; default: each migrations directory, as the migration's own require would.")),
      timeout: z._default(z.number().check(z.minimum(1), z.maximum(600)), defaults.orm.timeout).check(z.describe('Seconds one migrations directory may run under orm.execute before it is killed (the environment variable ORM_EXECUTE_TIMEOUT overrides).')),
    })
    .check(z.describe('ORM migrations (TypeORM, Knex, Kysely, Sequelize, node-pg-migrate …): how the SQL they send is obtained.'));

  const configSchema = z.strictObject({
    $schema: z.optional(z.string()),
    migrations: z
      .optional(z.union([z.string(), z.array(z.string()).check(z.minLength(1))]))
      .check(z.describe('Migration directories, files or globs, relative to this file. Default: ./migrations.')),
    pgVersion: z
      ._default(z.number().check(z.int(), z.minimum(9), z.maximum(19)), defaults.pgVersion)
      .check(z.describe('Major version of the PostgreSQL the migrations run on.')),
    rules: z._default(z.record(z.string(), ruleSetting), defaults.rules).check(z.describe('Rule id → severity or [severity, options].')),
    runner: z
      ._default(z.enum(runnerNames()), defaults.runner)
      .check(z.describe('Who runs the migrations; decides the transaction each file gets. auto reads runner markers.')),
    assumeInTransaction: z._default(z.boolean(), defaults.assumeInTransaction).check(z.describe('Treat every migration as wrapped in a transaction by its runner.')),
    down: z._default(z.enum(['auto', 'required', 'none']), defaults.down).check(z.describe('auto: downs required when the set has any; required; none.')),
    apply: z._default(applyConfigSchema, defaults.apply),
    deployTimeouts: z._default(deployTimeoutsSchema, defaults.deployTimeouts),
    stats: z._default(statsConfigSchema, defaults.stats),
    runnerOptions: z._default(runnerOptionsSchema, defaults.runnerOptions),
    orm: z._default(ormConfigSchema, defaults.orm),
    allowOutside: z
      ._default(z.array(z.string()), defaults.allowOutside)
      .check(
        z.describe(
          "Directories outside this file's directory and its git repository that migration files (or their symlinks' targets) may resolve into, relative to this file (monorepos). Anything else outside is refused (invalid-file).",
        ),
      ),
  });
  return { configSchema, applyConfigSchema, ruleSetting };
}

export type ConfigInput = z.input<ConfigSchemas['configSchema']>;
export type ConfigFile = z.output<ConfigSchemas['configSchema']>;
export type ApplyConfig = ConfigFile['apply'];
export type DeployTimeouts = ConfigFile['deployTimeouts'];
export type StatsConfig = ConfigFile['stats'];
export type OrmConfig = ConfigFile['orm'];
export type RuleSetting = z.output<ConfigSchemas['ruleSetting']>;
