// What rules may know about the runner of the section they check: its transaction model after
// the file's directives, how to say it, its opt-out, and the timeouts it sets. Never its name
// to branch on.
import { isZeroDuration } from '../facts/locks/settings.js';
import type { Migration, WrapMode } from '../types.js';
import { runnerNamed } from './index.js';
import type { RunnerModule } from './types.js';

export interface RunnerFacts {
  /** The tool as people write it ("golang-migrate", "Prisma Migrate"). */
  title: string;
  /** The transaction model this section runs under. */
  model: WrapMode;
  /** How the runner runs this section, for messages ("goose runs each migration in a transaction"). */
  behaviour: string;
  /** How to make the runner run a migration without its transaction; undefined when it cannot. */
  optOut: string | undefined;
  /** Without an opt-out: how to run a statement that cannot run in the runner's transaction anyway. */
  withoutOptOut: string | undefined;
  setsLockTimeout: boolean;
  setsStatementTimeout: boolean;
  /** The timeouts come from config `apply` (migrationlint's own engine), not from the runner itself. */
  timeoutsFromApplyConfig: boolean;
}

export interface TimeoutPolicy {
  /** migrationlint's apply engine (config `apply`; "0" disables). */
  apply: { lockTimeout?: string; statementTimeout?: string };
  /** Set by the deploy whatever the runner (config `deployTimeouts`). */
  deploy: { lockTimeout: boolean; statementTimeout: boolean };
}

const NO_TIMEOUTS: TimeoutPolicy = { apply: {}, deploy: { lockTimeout: false, statementTimeout: false } };

function behaviourOf(runner: RunnerModule, model: WrapMode): string {
  if (model === runner.transaction.model) return runner.transaction.behaviour;
  switch (model) {
    case 'wrapped':
      return `${runner.title} runs this migration in a transaction`;
    case 'none':
      return `${runner.title} runs this migration's statements one by one, without a transaction`;
    case 'implicit':
      return `${runner.title} sends this migration as one multi-statement query, which runs in one implicit transaction`;
    case 'whole-run':
      return `${runner.title} runs all pending migrations in one transaction`;
    case 'auto':
      return `${runner.title} runs this migration in a transaction unless a statement cannot run in one`;
  }
}

const engineSets = (value: string | undefined) => value !== undefined && !isZeroDuration(value);

export function runnerFacts(migration: Migration, section: 'up' | 'down', timeouts: TimeoutPolicy = NO_TIMEOUTS): RunnerFacts {
  const runner = runnerNamed(migration.runner);
  const model = (section === 'down' ? migration.down?.wrap : undefined) ?? migration.up.wrap;
  const own = runner.timeouts === 'apply-config' ? undefined : runner.timeouts;
  return {
    title: runner.title,
    model,
    behaviour: behaviourOf(runner, model),
    optOut: runner.transaction.optOut?.(section),
    withoutOptOut: runner.transaction.withoutOptOut,
    setsLockTimeout: timeouts.deploy.lockTimeout || (own ? own.lockTimeout : engineSets(timeouts.apply.lockTimeout)),
    setsStatementTimeout: timeouts.deploy.statementTimeout || (own ? own.statementTimeout : engineSets(timeouts.apply.statementTimeout)),
    timeoutsFromApplyConfig: own === undefined,
  };
}
