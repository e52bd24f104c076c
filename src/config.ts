// Find .migrationlintrc.json (upward from the linted path or cwd), validate it, resolve rules.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { configSchema, type ApplyConfig, type ConfigFile } from './config-schema.js';
import type { AnyRule } from './rule.js';
import type { RunnerName, Severity, SeveritySetting } from './types.js';
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
  runner: RunnerName;
  assumeInTransaction: boolean;
  down: 'auto' | 'required' | 'none';
  apply: ApplyConfig;
  /** Every registered rule with its effective severity and options. */
  rules: Map<string, RuleSettingResolved>;
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

function describeIssues(error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): string {
  return error.issues
    .map((issue) => {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((k) => `${issuePath([...path, k])}: unknown key`).join('; ');
      }
      return `${issuePath(path)}: ${issue.message}`;
    })
    .join('; ');
}

export function resolveRuleSettings(
  settings: ConfigFile['rules'],
  where: string,
  available: ReadonlyMap<string, AnyRule> = registry,
): Map<string, RuleSettingResolved> {
  const resolved = new Map<string, RuleSettingResolved>();
  for (const id of Object.keys(settings)) {
    if (!available.has(id)) throw new ConfigError(`${where}: rules.${id}: unknown rule "${id}" (see \`migrationlint rules\`)`);
  }
  for (const [id, rule] of available) {
    const setting = settings[id];
    const severity = setting === undefined ? rule.meta.severity : Array.isArray(setting) ? setting[0] : setting;
    const raw: Record<string, unknown> = (Array.isArray(setting) ? setting[1] : undefined) ?? {};
    if (id === 'syntax-error' && severity !== 'error') {
      throw new ConfigError(`${where}: rules.syntax-error: cannot be changed (a statement that does not parse cannot run)`);
    }
    let options: object = {};
    if (rule.meta.options) {
      const parsed = z.safeParse(rule.meta.options, raw);
      if (!parsed.success) throw new ConfigError(`${where}: ${describeIssues(parsed.error, ['rules', id, 1])}`);
      options = parsed.data as object;
    } else if (Object.keys(raw).length > 0) {
      throw new ConfigError(`${where}: rules.${id}[1]: rule "${id}" takes no options`);
    }
    resolved.set(id, { severity, options });
  }
  return resolved;
}

export function resolveConfig(raw: unknown, file: string | undefined, dir: string): ResolvedConfig {
  const where = file ?? 'config';
  const parsed = z.safeParse(configSchema, raw);
  if (!parsed.success) throw new ConfigError(`${where}: ${describeIssues(parsed.error)}`, file);
  const config = parsed.data;
  const migrations = config.migrations === undefined ? ['migrations'] : Array.isArray(config.migrations) ? config.migrations : [config.migrations];
  return {
    ...(file ? { file } : {}),
    dir,
    migrations,
    pgVersion: config.pgVersion,
    runner: config.runner,
    assumeInTransaction: config.assumeInTransaction,
    down: config.down,
    apply: config.apply,
    rules: resolveRuleSettings(config.rules, where),
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
  if (!file) return resolveConfig({}, undefined, opts.cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read config: ${(error as Error).message}`, file);
  }
  let raw: unknown;
  try {
    // Editors on Windows often save JSON with a byte order mark, which JSON.parse rejects.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${file}: invalid JSON: ${(error as Error).message}`, file);
  }
  return resolveConfig(raw, file, dirname(file));
}

export function effectiveSeverity(config: ResolvedConfig, ruleId: string): Severity | undefined {
  const severity = config.rules.get(ruleId)?.severity;
  return severity === 'off' ? undefined : severity;
}
