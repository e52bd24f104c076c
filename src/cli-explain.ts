// `migrationlint explain [paths…]`: per statement of each migration, the lock it takes on which
// relation, whether it rewrites or scans, what it blocks, whether it runs in a transaction, and
// the findings on it. Informational: exits 0 unless the command itself fails.
import { relative } from 'node:path';
import { Command, Option } from 'commander';
import type { CliIO } from './cli-io.js';
import { loadConfig } from './config.js';
import { renderExplainTable } from './cli-explain-format.js';
import { relationLabel } from './facts/locks/existing.js';
import type { LockFact } from './facts/locks.js';
import { lint, type LintOptions, type LintResult, type SectionAnalysis } from './lint.js';
import { printable, printableJson } from './output-safe.js';
import { lineIndexFor } from './text.js';
import type { Severity, TransactionMode } from './types.js';
import type { TableRisk } from './stats/risk.js';
import { configForSet, foundLine, withoutConfigFile, zeroConfigSets } from './zero-config.js';
import { collectLiveStats, DATABASE_URL_HELP, liveStatsNote, withLiveStats } from './stats/live.js';
import { ORM_EXECUTE_HELP, ormExecuteOptions, withOrmExecute } from './hosts/execute/options.js';

export interface ExplainedLock extends Omit<LockFact, 'relation'> {
  /** 'orders', 'app.orders', 'index orders_idx', 'the table of orders_idx', 'the indexes of orders'. */
  relation: string;
  kind: LockFact['relation']['kind'];
}

export interface ExplainedStatement {
  line: number;
  column: number;
  /** The statement's first line. */
  text: string;
  inTransaction: boolean;
  locks: ExplainedLock[];
  findings: Array<{ ruleId: string; severity: Severity; line: number; column: number; message: string }>;
  /** With a stats file: the existing tables it blocks, with rows, size and estimated duration, costliest first. */
  risks?: readonly TableRisk[];
}

export interface ExplainedSection {
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the working directory. */
  relPath: string;
  migration: string;
  section: 'up' | 'down';
  transaction: TransactionMode;
  statements: ExplainedStatement[];
}

function explainLock(lock: LockFact): ExplainedLock {
  return { ...lock, relation: relationLabel(lock.relation), kind: lock.relation.kind };
}

function explainSection(result: LintResult, analysis: SectionAnalysis, migration: string, cwd: string): ExplainedSection {
  const file = analysis.parsed.source.file;
  const lines = lineIndexFor(result.set.files.get(file) ?? { text: '' });
  const inFile = result.findings.filter((f) => f.file === file && !f.suppressed);
  return {
    file,
    relPath: relative(cwd, file) || file,
    migration,
    section: analysis.section,
    transaction: analysis.transaction,
    statements: analysis.statements.map((s) => {
      const own = inFile.filter((f) => f.span.start >= s.span.start && f.span.start < Math.max(s.span.end, s.span.start + 1));
      const start = lines.position(s.span.start);
      return {
        line: start.line,
        column: start.column,
        text: s.text.split(/\r?\n/)[0] ?? '',
        inTransaction: s.inTransaction,
        locks: s.locks.map(explainLock),
        findings: own.map((f) => ({ ruleId: f.ruleId, severity: f.severity, line: f.start.line, column: f.start.column, message: f.message })),
        ...(s.risks && s.risks.length > 0 ? { risks: s.risks } : {}),
      };
    }),
  };
}

export function explain(result: LintResult, cwd: string): ExplainedSection[] {
  const out: ExplainedSection[] = [];
  for (const m of result.migrations) {
    out.push(explainSection(result, m.up, m.migration.id, cwd));
    if (m.down) out.push(explainSection(result, m.down, m.migration.id, cwd));
  }
  return out;
}

export function registerExplainCommand(program: Command, io: CliIO): void {
  program
    .command('explain')
    .description('show per statement the lock it takes, on what, rewrite/scan, what it blocks, transaction, findings')
    .argument('[paths...]', 'migration files, directories or globs (default: the config\'s migrations)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--trace', 'run the one migration given on a throwaway database and compare with the lock table (as `migrationlint trace`)')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .option('--orm-execute', ORM_EXECUTE_HELP)
    .action(async (paths: string[], flags: { format: 'table' | 'json'; trace?: boolean; databaseUrl?: string; ormExecute?: boolean }, command: Command) => {
      if (flags.trace) return (await import('./cli-verify.js')).explainTrace(io, command, paths, flags.format);
      const globals = command.optsWithGlobals() as { config?: string };
      let config = await loadConfig({ cwd: io.cwd, ...(globals.config ? { configPath: globals.config } : {}), ...(paths[0] ? { searchFrom: paths[0] } : {}) });
      if (flags.databaseUrl) {
        const live = await collectLiveStats(flags.databaseUrl);
        config = withLiveStats(config, live);
        io.stderr(`migrationlint: note: ${liveStatsNote(flags.databaseUrl, live)}\n`);
      }
      if (config.statsNote) io.stderr(`migrationlint: note: ${printable(config.statsNote)}\n`);
      if (flags.ormExecute) config = withOrmExecute(config);
      const ormExecute = ormExecuteOptions(config, io.env);
      const executing = ormExecute ? { ormExecute } : {};
      const linted = async (options: LintOptions) => {
        const result = await lint({ ...options, ...executing });
        for (const note of result.set.notes ?? []) io.stderr(`migrationlint: ${printable(note)}\n`);
        return explain(result, io.cwd);
      };
      const sections: ExplainedSection[] = [];
      if (paths.length === 0 && withoutConfigFile(config)) {
        for (const set of await zeroConfigSets(io.cwd, 'explain', true)) {
          io.stderr(foundLine(set));
          sections.push(...(await linted({ cwd: io.cwd, config: configForSet(config, set) })));
        }
      } else sections.push(...(await linted({ cwd: io.cwd, config, ...(paths.length > 0 ? { paths } : {}) })));
      io.stdout(flags.format === 'json' ? `${printableJson(JSON.stringify(sections, null, 2))}\n` : renderExplainTable(sections, io.color));
    });
}
