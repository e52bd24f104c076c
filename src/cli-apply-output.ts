// What apply / down / status / resolve print: engine events as text (stderr, with a progress line on
// a TTY) or JSON lines (stdout), the dry-run plan, the status table and the closing result.
import type { ChalkInstance } from 'chalk';
import type { RunOutcome, StatusReport } from './apply/engine.js';
import type { ApplyEvent, PlannedMigration } from './apply/events.js';
import { printable, printableJson } from './output-safe.js';
import { stylish } from './reporters/stylish.js';
import type { Interrupts } from './cli-signals.js';
import type { Ctx } from './cli-apply-context.js';

function ms(d: number): string {
  return d < 1000 ? `${Math.round(d)} ms` : `${(d / 1000).toFixed(d < 10_000 ? 2 : 1)} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Human output of engine events on stderr, with a one-line progress counter on a TTY. */
export function textReporter(ctx: Ctx, verb: { ing: string; ed: string }): (e: ApplyEvent) => void {
  const c = ctx.cErr;
  let progress = false;
  const clear = () => {
    if (progress) ctx.err('\r\x1b[K');
    progress = false;
  };
  const line = (s: string) => {
    clear();
    ctx.err(`${s}\n`);
  };
  return (event) => {
    const e = printableEvent(event);
    switch (e.type) {
      case 'connect':
        line(c.dim(`database: ${e.database}${e.server ? ` (${e.server})` : ''}`));
        break;
      case 'lock-wait':
        line(c.yellow(`waiting up to ${e.waitSeconds} s for another migrationlint run (${e.holder})…`));
        break;
      case 'lint':
        if (e.findings.length > 0) ctx.err(stylish({ findings: e.findings, files: e.files }, { cwd: ctx.io.cwd, color: c.level > 0 }));
        break;
      case 'plan':
        if (!e.dryRun && e.migrations.length === 0) line(e.direction === 'up' ? 'Nothing to apply: the database is up to date.' : 'Nothing to roll back.');
        break;
      case 'backup':
        line(`backup: ${e.file} (${e.bytes} bytes, ${ms(e.durationMs)})`);
        break;
      case 'start':
        if (ctx.io.isTTY && e.total > 1) {
          clear();
          ctx.err(`[${e.index + 1}/${e.total}] ${verb.ing} ${e.version} ${e.name}…`);
          progress = true;
        }
        if (e.resumeAt !== undefined) line(`resuming ${e.version} ${e.name} at statement ${e.resumeAt + 1}`);
        break;
      case 'statement':
        break;
      case 'retry':
        line(
          c.yellow(
            `lock timeout on ${e.version}${e.statement !== undefined ? ` (statement ${e.statement + 1})` : ''}: retry ${e.attempt} of ${e.of} in ${ms(e.delayMs)}`,
          ),
        );
        break;
      case 'done':
        line(`${c.green(verb.ed.padEnd(11))} ${e.version} ${e.name}  ${c.dim(`${e.mode}, ${ms(e.durationMs)}`)}`);
        break;
      case 'failed': {
        line(`${c.red('failed'.padEnd(11))} ${e.version} ${e.name}  ${c.dim(e.mode)}  at statement ${e.statement + 1}: ${e.error}`);
        if (e.mode === 'transaction') {
          line(`            the transaction was rolled back: nothing of ${e.version} remains; fix it and run again.`);
        } else {
          const took = e.resumeAt === 0 ? 'none of its statements took effect' : e.resumeAt === 1 ? 'its statement 1 took effect' : `its statements 1–${e.resumeAt} took effect`;
          line(`            ${took}; later runs refuse until this is resolved:`);
          line(`            fix the cause, then \`migrationlint ${e.direction === 'up' ? 'apply' : 'down'} --retry-failed\` resumes at statement ${e.resumeAt + 1},`);
          line(`            or undo it by hand and run \`migrationlint resolve ${e.version}\`.`);
        }
        for (const idx of e.invalidIndexes) line(c.yellow(`            INVALID index in the database: ${idx}`));
        break;
      }
      case 'interrupted':
        line(c.yellow(`interrupted: ${e.message}`));
        break;
      case 'info':
        line(c.dim(e.message));
        break;
      case 'warning':
        line(c.yellow(`warning: ${e.message}`));
        break;
      case 'summary':
        clear();
        if (!e.dryRun && e.count > 0) line(`${verb.ed[0]!.toUpperCase()}${verb.ed.slice(1)} ${plural(e.count, 'migration')} in ${ms(e.durationMs)}.`);
        break;
    }
  };
}

/**
 * The event with the names, paths and database messages it carries made printable; the lint
 * event's findings go through the stylish reporter, which escapes them itself.
 */
function printableEvent(e: ApplyEvent): ApplyEvent {
  if (e.type === 'lint') return e;
  const shown = (v: unknown) => (typeof v === 'string' ? printable(v) : v);
  return Object.fromEntries(Object.entries(e).map(([key, v]) => [key, Array.isArray(v) ? v.map(shown) : shown(v)])) as ApplyEvent;
}

/** JSON without Maps (the lint event's file texts stay out of the stream), DEL and C1 escaped. */
export function toJson(value: unknown): string {
  return printableJson(JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? undefined : v)));
}

export function jsonReporter(ctx: Ctx): (e: ApplyEvent) => void {
  return (e) => ctx.out(`${toJson(e)}\n`);
}

function printPlan(ctx: Ctx, plan: PlannedMigration[], direction: 'up' | 'down', database: string): void {
  const { c } = ctx;
  const verb = direction === 'up' ? 'apply' : 'roll back';
  if (plan.length === 0) {
    ctx.out(direction === 'up' ? `Nothing to apply on ${printable(database)}: it is up to date.\n` : `Nothing to roll back on ${printable(database)}.\n`);
    return;
  }
  const lines = [`Dry run: would ${verb} ${plural(plan.length, 'migration')} on ${printable(database)} (nothing was changed)`, ''];
  for (const m of plan) {
    const mode = m.mode === 'transaction' ? 'one transaction' : 'statement by statement, no transaction';
    lines.push(`${c.bold(printable(`${m.version} ${m.name}`))}  ${c.dim(`${printable(m.file)} — ${mode}`)}${m.outOfOrder ? c.yellow(' (out of order)') : ''}`);
    if (m.resumeAt !== undefined) lines.push(`  resumes at statement ${m.resumeAt + 1}`);
    for (const s of m.statements) {
      if (m.resumeAt !== undefined && s.index < m.resumeAt) continue;
      lines.push(`  ${String(s.index + 1).padStart(3)}. ${c.dim(`line ${s.line}, lock: ${printable(s.lock)}`)}`);
      for (const t of s.text.split('\n')) lines.push(`       ${printable(t.replace(/\r$/, ''), { keepLayout: true })}`);
    }
    lines.push('');
  }
  ctx.out(`${lines.join('\n')}`);
}

export function finish(ctx: Ctx, outcome: RunOutcome, interrupts: Interrupts): void {
  // A signal decides the exit code (130 / 143), whatever the run got to.
  const exitCode = interrupts.exitCode() ?? outcome.exitCode;
  if (ctx.json) {
    ctx.out(
      `${toJson({
        type: 'result',
        exitCode,
        direction: outcome.direction,
        dryRun: outcome.dryRun,
        done: outcome.done.map((d) => d.version),
        ...(outcome.failed ? { failed: outcome.failed.version } : {}),
        ...(outcome.refused ? { refused: outcome.refused } : {}),
        ...(outcome.drift.length > 0 ? { drift: outcome.drift } : {}),
        ...(outcome.backupFile ? { backup: outcome.backupFile } : {}),
        ...(outcome.interrupted ? { interrupted: { signal: outcome.interrupted.signal, message: outcome.interrupted.message } } : {}),
      })}\n`,
    );
  } else if (outcome.dryRun && !outcome.refused) {
    printPlan(ctx, outcome.plan, outcome.direction, outcome.database);
  }
  // Also in JSON mode: a person reading the CI log sees why (an interruption already said it).
  if (outcome.refused && !(outcome.interrupted && !ctx.json)) ctx.err(`${ctx.cErr.red('migrationlint:')} ${printable(outcome.refused.message, { keepLayout: true })}\n`);
  ctx.io.setExitCode(exitCode);
}

function stateCell(c: ChalkInstance, s: StatusReport['migrations'][number]): string {
  switch (s.state) {
    case 'applied':
      return s.downMissing ? c.yellow('applied (no down migration)') : c.green('applied');
    case 'pending':
      return s.outOfOrder ? c.yellow('pending (out of order)') : 'pending';
    case 'drifted':
      return c.red(s.drift === 'vanished' ? 'drifted (file gone)' : 'drifted (file changed)');
    case 'failed':
      return c.red(s.failure?.blocking ? 'failed (blocking)' : 'failed');
  }
}

export function printStatus(ctx: Ctx, report: StatusReport): void {
  const { c } = ctx;
  const header = ['VERSION', 'NAME', 'STATE', 'APPLIED AT', 'DURATION', 'BY'];
  const rows = report.migrations.map((m) => [
    printable(m.version),
    printable(m.name),
    stateCell(c, m),
    m.appliedAt ?? '',
    m.durationMs !== undefined ? ms(m.durationMs) : '',
    printable(m.appliedBy ?? ''),
  ]);
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i]!))));
  const fmt = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell)))).join('  ').trimEnd();
  const lines = [c.dim(`database: ${printable(report.database)}   history: ${printable(report.historyTable)}${report.locked ? '   (an apply is running now)' : ''}`), c.bold(fmt(header))];
  for (const [i, r] of rows.entries()) {
    lines.push(fmt(r));
    const m = report.migrations[i]!;
    if (m.failure) {
      lines.push(c.dim(`  ${m.failure.direction} failed at statement ${m.failure.statement + 1} of ${m.failure.statementsTotal}, ${m.failure.at}: ${printable(m.failure.error)}`));
    }
  }
  const k = report.counts;
  lines.push('', `${k.applied} applied, ${k.pending} pending, ${k.drifted} drifted, ${k.failed} failed`);
  ctx.out(`${lines.join('\n')}\n`);
}
