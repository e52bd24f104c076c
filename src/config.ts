// Find .migrationlintrc.json (upward from the linted path or cwd), validate it, resolve rules.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { configDefaults, configSchemas, SEVERITY_WORDS, type ApplyConfig, type ConfigFile, type DeployTimeouts, type OrmConfig, type StatsConfig } from './config-schema.js';
import { JsonSyntaxError, parseJsonLocated } from './config-json.js';
import { didYouMean } from './suggest.js';
import type { StatsFile } from './stats/file.js';
import { loadStats } from './stats/load.js';
import type { AnyRule } from './rule.js';
import type { RunnerName, Severity, SeveritySetting } from './types.js';
import type { RunnerOptions } from './runners/types.js';
import { rules as registry } from '../rules/index.js';

export const CONFIG_FILE = '.migrationlintrc.json';

// The schemas are zod/mini (classic zod was ~450 KB for every run to compile at start-up). Mini
// loads no locale by itself: English for the messages config errors quote.
z.config(en());

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface RuleSettingResolved {
  severity: SeveritySetting;
  options: object;
}

export interface ResolvedConfig {
  /** Absolute path of the config file, when one was found. */
  file?: string;
  /** Directory relative paths in the config are resolved from. */
  dir: string;
  migrations: string[];
  pgVersion: number;
  /** pgVersion was written in the config (not the default): apply enforces it against the server. */
  pgVersionExplicit?: true;
  runner: RunnerName;
  assumeInTransaction: boolean;
  down: 'auto' | 'required' | 'none';
  apply: ApplyConfig;
  /** Timeouts the deploy sets whatever the runner (config `deployTimeouts`). */
  deployTimeouts: DeployTimeouts;
  /** Runner settings outside the migration files (config `runnerOptions`). */
  runnerOptions?: RunnerOptions;
  /** Config `orm`; `modulesDir` resolved to an absolute path. */
  orm: OrmConfig;
  /** Every registered rule with its effective severity and options. */
  rules: Map<string, RuleSettingResolved>;
  /** Absolute directories outside the project that migration files may resolve into. */
  allowOutside: string[];
  /** Table statistics (config `stats`); `file` resolved to an absolute path. */
  stats: StatsConfig;
  /** The stats file's content, when it was read (loadConfig). */
  tableStats?: StatsFile;
  /** Why there are no table sizes, or what to keep in mind about them; said once by the CLI. */
  statsNote?: string;
}

export function findConfig(from: string): string | undefined {
  let dir = resolve(from);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

/** Where a config problem is: the file, with `:line:col` of the key when the text is known. */
export type ConfigLocator = (path: readonly PropertyKey[]) => string;

const SEVERITIES = '"error", "warning" (or "warn") or "off"';

/** A rule setting that is neither a severity nor [severity, options], said with what it got. */
function ruleSettingProblem(value: unknown): string {
  if (typeof value === 'string') return `"${value}" is not a severity: use ${SEVERITIES}`;
  if (Array.isArray(value) && typeof value[0] === 'string' && value.length <= 2) {
    const [severity, options] = value as [string, unknown];
    if (!(SEVERITY_WORDS as readonly string[]).includes(severity)) return `severity "${severity}" is not one of ${SEVERITIES}`;
    return `options must be an object, got ${JSON.stringify(options)}`;
  }
  return `expected a severity (${SEVERITIES}) or [severity, {options}], got ${JSON.stringify(value)}`;
}

interface SchemaDef {
  shape?: object;
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
}

/** Property names an object schema (behind defaults, optionals and pipes) accepts. */
function keysOf(schema: unknown): string[] {
  let def = (schema as { _zod?: { def: SchemaDef } } | undefined)?._zod?.def;
  while (def && !def.shape && (def.innerType ?? def.in)) def = (def.innerType ?? def.in)!._zod.def;
  return def?.shape ? Object.keys(def.shape) : [];
}

function describeIssues(error: z.core.$ZodError, at: ConfigLocator, options: { prefix?: readonly PropertyKey[]; keys?: (path: readonly PropertyKey[]) => string[]; raw?: unknown } = {}): string {
  return error.issues
    .map((issue) => {
      const path = [...(options.prefix ?? []), ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        const known = options.keys?.(path) ?? [];
        return issue.keys.map((k) => `${at([...path, k])}: ${issuePath([...path, k])}: unknown key${didYouMean(k, known)}`).join('\n');
      }
      if (path.length === 2 && path[0] === 'rules' && issue.code === 'invalid_union') {
        const value = (options.raw as { rules?: Record<string, unknown> } | undefined)?.rules?.[String(path[1])];
        return `${at(path)}: ${issuePath(path)}: ${ruleSettingProblem(value)}`;
      }
      return `${at(path)}: ${issuePath(path)}: ${issue.message}`;
    })
    .join('\n');
}

export function resolveRuleSettings(
  settings: ConfigFile['rules'],
  locate: ConfigLocator,
  available: ReadonlyMap<string, AnyRule> = registry,
): Map<string, RuleSettingResolved> {
  const resolved = new Map<string, RuleSettingResolved>();
  for (const id of Object.keys(settings)) {
    if (!available.has(id)) throw new ConfigError(`${locate(['rules', id])}: rules.${id}: unknown rule "${id}"${didYouMean(id, available.keys())} (see \`migrationlint rules\`)`);
  }
  for (const [id, rule] of available) {
    const setting = settings[id];
    const severity = setting === undefined ? rule.meta.severity : Array.isArray(setting) ? setting[0] : setting;
    const raw: Record<string, unknown> = (Array.isArray(setting) ? setting[1] : undefined) ?? {};
    if (id === 'syntax-error' && severity !== 'error') {
      throw new ConfigError(`${locate(['rules', id])}: rules.syntax-error: cannot be changed (a statement that does not parse cannot run)`);
    }
    let options: object = {};
    if (rule.meta.options) {
      const parsed = z.safeParse(rule.meta.options, raw);
      if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, locate, { prefix: ['rules', id, 1], keys: () => keysOf(rule.meta.options) }));
      options = parsed.data as object;
    } else if (Object.keys(raw).length > 0) {
      throw new ConfigError(`${locate(['rules', id, 1])}: rules.${id}[1]: rule "${id}" takes no options`);
    }
    resolved.set(id, { severity, options });
  }
  return resolved;
}

function isEmptyObject(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0;
}

function validated(raw: unknown, at: ConfigLocator, file: string | undefined): ConfigFile {
  const { configSchema, applyConfigSchema } = configSchemas();
  const parsed = z.safeParse(configSchema, raw);
  if (!parsed.success) {
    const keys = (path: readonly PropertyKey[]) => keysOf(path.length === 0 ? configSchema : path.length === 1 && path[0] === 'apply' ? applyConfigSchema : undefined);
    throw new ConfigError(describeIssues(parsed.error, at, { keys, raw }), file);
  }
  return parsed.data;
}

/** `locate`: `:line:col` of a key path in the file's text (see config-json.ts). */
export function resolveConfig(raw: unknown, file: string | undefined, dir: string, locate?: (path: string) => string | undefined): ResolvedConfig {
  const where = file ?? 'config';
  const at: ConfigLocator = (path) => {
    const position = path.length > 0 ? locate?.(issuePath(path)) : undefined;
    return position ? `${where}:${position}` : where;
  };
  const config: ConfigFile = isEmptyObject(raw) ? configDefaults() : validated(raw, at, file);
  const migrations = config.migrations === undefined ? ['migrations'] : Array.isArray(config.migrations) ? config.migrations : [config.migrations];
  return {
    ...(file ? { file } : {}),
    dir,
    migrations,
    pgVersion: config.pgVersion,
    ...(typeof raw === 'object' && raw !== null && 'pgVersion' in raw ? { pgVersionExplicit: true as const } : {}),
    runner: config.runner,
    assumeInTransaction: config.assumeInTransaction,
    down: config.down,
    apply: config.apply,
    deployTimeouts: config.deployTimeouts,
    runnerOptions: config.runnerOptions,
    orm: { ...config.orm, ...(config.orm.modulesDir !== undefined ? { modulesDir: resolve(dir, config.orm.modulesDir) } : {}) },
    rules: resolveRuleSettings(config.rules, at),
    allowOutside: config.allowOutside.map((p) => resolve(dir, p)),
    stats: { ...config.stats, file: resolve(dir, config.stats.file) },
  };
}

export interface LoadConfigOptions {
  cwd: string;
  /** Explicit --config path. */
  configPath?: string;
  /** Where to start searching upward (the first linted path); default cwd. */
  searchFrom?: string;
}

export async function loadConfig(opts: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = opts.configPath ? resolve(opts.cwd, opts.configPath) : (findConfig(resolve(opts.cwd, opts.searchFrom ?? '.')) ?? findConfig(opts.cwd));
  if (!file) return withStats(resolveConfig({}, undefined, opts.cwd), false);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read config: ${(error as Error).message}`, file);
  }
  let json: ReturnType<typeof parseJsonLocated>;
  try {
    // Editors on Windows often save JSON with a byte order mark, which JSON.parse rejects.
    json = parseJsonLocated(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new ConfigError(`${file}:${error.line}:${error.column}: invalid JSON: ${error.message}`, file);
  }
  const value = json.value;
  return withStats(resolveConfig(value, file, dirname(file), json.locate), typeof value === 'object' && value !== null && 'stats' in value);
}

function withStats(config: ResolvedConfig, explicit: boolean): ResolvedConfig {
  const { stats, note } = loadStats(config, explicit);
  return { ...config, ...(stats ? { tableStats: stats } : {}), ...(note ? { statsNote: note } : {}) };
}

export function effectiveSeverity(config: ResolvedConfig, ruleId: string): Severity | undefined {
  const severity = config.rules.get(ruleId)?.severity;
  return severity === 'off' ? undefined : severity;
}
