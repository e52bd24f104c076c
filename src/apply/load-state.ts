// The history read against the files before a run: refuses on drift, and on a migration that
// failed part-way unless this run resumes it.
import { refusal } from './errors.js';
import type { Direction } from './events.js';
import type { HistoryRow } from './history.js';
import { computeStatus, type MigrationStatus } from './plan.js';
import type { Prepared } from './prepare.js';
import type { RunOutcome } from './outcome.js';

export function statusMap(statuses: MigrationStatus[]): Map<string, MigrationStatus> {
  return new Map(statuses.map((s) => [s.version, s]));
}

function driftMessage(drift: MigrationStatus[]): string {
  const lines = drift.map((d) =>
    d.drift === 'vanished'
      ? `  ${d.version} ${d.name}: applied, but its file is gone`
      : `  ${d.version} ${d.name} (${d.file}): changed since it was applied`,
  );
  return (
    `Refusing to run: applied migrations differ from their files:\n${lines.join('\n')}\n` +
    'Restore the files, or accept them as they are with `migrationlint resolve VERSION`.'
  );
}

function blockedMessage(s: MigrationStatus, command: 'apply' | 'down'): string {
  const f = s.failure!;
  const retry = f.direction === 'down' ? 'down --retry-failed' : 'apply --retry-failed';
  return (
    `Refusing to ${command}: migration ${s.version} ${s.name} failed at statement ${f.statement + 1} of ${f.statementsTotal} ` +
    `while running statement by statement (${f.direction}), so the database holds part of it:\n  ${f.error}\n` +
    `Fix the cause, then \`migrationlint ${retry}\` resumes at that statement; or clean up by hand and run \`migrationlint resolve ${s.version}\`.`
  );
}

/** Reads history; refuses on drift or a blocking failure (unless resuming it). */
export function loadState(p: Prepared, rows: HistoryRow[], out: RunOutcome, command: Direction, retryFailed: boolean): MigrationStatus[] {
  const statuses = computeStatus(p.candidates, rows);
  const drift = statuses.filter((s) => s.state === 'drifted');
  if (drift.length > 0) {
    out.drift = drift;
    throw refusal(driftMessage(drift), 'drift');
  }
  for (const s of statuses) {
    if (!s.failure?.blocking) continue;
    const cmd = command === 'up' ? 'apply' : 'down';
    if (retryFailed && s.failure.direction === command) {
      const c = p.candidates.find((x) => x.version === s.version)!;
      if (c.checksum !== s.failure.checksum) {
        const msg = `Refusing to resume ${s.version} ${s.name}: ${c.file} changed since it failed (statement numbers may no longer match). Finish or undo it by hand, then \`migrationlint resolve ${s.version}\`.`;
        throw refusal(msg, 'failed-migration');
      }
      continue;
    }
    throw refusal(blockedMessage(s, cmd), 'failed-migration');
  }
  return statuses;
}
