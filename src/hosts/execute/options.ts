// When the CLI runs ORM migrations (config `orm.execute`, or --orm-execute which sets it), and
// with what bounds. Kept apart from ./index.ts so that deciding it loads no executor.
import type { ResolvedConfig } from '../../config.js';
import type { OrmExecuteOptions } from './index.js';

export const ORM_EXECUTE_HELP = "run each ORM migration's up and down with the ORM's own SQL compiler and a recording driver (no database connection), and lint the SQL it sends (config orm.execute); runs the repository's code";

/** The config with `orm.execute` on (--orm-execute): the result cache then keys on it too. */
export const withOrmExecute = (config: ResolvedConfig): ResolvedConfig => ({ ...config, orm: { ...config.orm, execute: true } });

/** undefined unless `orm.execute` is on. ORM_EXECUTE_TIMEOUT (seconds) overrides `orm.timeout`. */
export function ormExecuteOptions(config: ResolvedConfig, env: NodeJS.ProcessEnv): OrmExecuteOptions | undefined {
  if (!config.orm.execute) return undefined;
  const fromEnv = Number(env.ORM_EXECUTE_TIMEOUT);
  const seconds = env.ORM_EXECUTE_TIMEOUT && Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : config.orm.timeout;
  return { timeoutMs: Math.round(seconds * 1000), ...(config.orm.modulesDir ? { modulesDir: config.orm.modulesDir } : {}) };
}
