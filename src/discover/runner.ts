// Which runner runs a migration, and whether it wraps each section in a transaction.
import type { Layout, RunnerName, WrapMode } from '../types.js';
import type { SectionRange } from './part.js';

type Runner = Exclude<RunnerName, 'auto'>;

const RUNNER_WRAP: Record<Runner, WrapMode> = {
  migrationlint: 'auto',
  dbmate: 'wrapped',
  goose: 'wrapped',
  'golang-migrate': 'wrapped', // a multi-statement file is one implicit transaction
  flyway: 'auto', // flyway wraps unless it detects non-transactional statements
  alembic: 'wrapped',
  'node-pg-migrate': 'wrapped',
  diesel: 'wrapped',
  sqlx: 'wrapped',
};

/** The config's runner, or under `auto` the one the file's markers name. */
export function effectiveRunner(config: RunnerName, layout: Layout): RunnerName {
  if (config !== 'auto') return config;
  if (layout === 'dbmate' || layout === 'goose' || layout === 'alembic') return layout;
  return 'migrationlint';
}

export function wrapFor(runner: RunnerName, assumeInTransaction: boolean, range: SectionRange, text: string): WrapMode {
  if (assumeInTransaction) return 'wrapped';
  if (range.wrap) return range.wrap;
  if (range.noTransaction && (runner === 'goose' || runner === 'dbmate')) return 'none';
  // sqlx runs a migration outside a transaction when its first line is `-- no-transaction`.
  if (runner === 'sqlx' && text.startsWith('-- no-transaction')) return 'none';
  return runner === 'auto' ? 'auto' : RUNNER_WRAP[runner];
}
