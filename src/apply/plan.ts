// What the database holds versus what the files say: applied, pending, drifted, failed.
import type { HistoryRow } from './history.js';

/** One migration of the set as the planner needs it. */
export interface PlanInput {
  version: string;
  name: string;
  checksum: string;
  /** sha256 of the up alone, and whether the migration has a down now. */
  upChecksum?: string;
  hasDown?: boolean;
  /** Path for display (relative to the cwd). */
  file: string;
}

export type MigrationState = 'applied' | 'pending' | 'drifted' | 'failed';

export interface MigrationStatus {
  version: string;
  name: string;
  state: MigrationState;
  /** Display path; absent for a migration whose file vanished. */
  file?: string;
  /** For 'drifted': the file changed since it was applied, or is gone. */
  drift?: 'changed' | 'vanished';
  /** The row that made it applied (or blocked). */
  appliedAt?: string;
  durationMs?: number;
  appliedBy?: string;
  executionMode?: HistoryRow['executionMode'];
  /** For 'failed': what went wrong; blocking when it ran statement by statement and stopped half-way. */
  failure?: {
    direction: HistoryRow['direction'];
    error: string;
    statement: number;
    statementsTotal: number;
    blocking: boolean;
    at: string;
    checksum: string;
    rowId: number;
  };
  /** Pending, but sorted before a migration that is already applied. */
  outOfOrder?: boolean;
  /** Applied with a down whose file is gone since: the up is unchanged, so not drift. */
  downMissing?: true;
}

export interface VersionHistory {
  /** The last row that changed the state: applied, rolled back, or a failed statement-by-statement run. */
  effective?: HistoryRow;
  /** The last row of all. */
  last?: HistoryRow;
}

export function historyByVersion(rows: readonly HistoryRow[]): Map<string, VersionHistory> {
  const map = new Map<string, VersionHistory>();
  for (const row of rows) {
    const h = map.get(row.version) ?? {};
    h.last = row;
    // A failed transactional run rolled everything back: it leaves the state as it was.
    if (!(row.status === 'failed' && row.executionMode === 'transaction')) h.effective = row;
    map.set(row.version, h);
  }
  return map;
}

/** The state of every migration of the set (in set order), then those that vanished from it. */
export function computeStatus(inputs: readonly PlanInput[], rows: readonly HistoryRow[]): MigrationStatus[] {
  const byVersion = historyByVersion(rows);
  const out: MigrationStatus[] = [];
  let lastAppliedIndex = -1;
  inputs.forEach((m, i) => {
    const eff = byVersion.get(m.version)?.effective;
    if (eff?.status === 'applied') lastAppliedIndex = i;
  });
  inputs.forEach((m, i) => {
    const h = byVersion.get(m.version) ?? {};
    const eff = h.effective;
    const s: MigrationStatus = { version: m.version, name: m.name, state: 'pending', file: m.file };
    if (eff?.status === 'applied') {
      fillApplied(s, eff);
      if (eff.checksum !== m.checksum && m.hasDown === false && eff.upChecksum != null && eff.upChecksum === m.upChecksum) {
        s.state = 'applied';
        s.downMissing = true;
      } else if (eff.checksum !== m.checksum) {
        s.state = 'drifted';
        s.drift = 'changed';
      } else {
        s.state = 'applied';
      }
    } else if (eff?.status === 'failed') {
      s.state = 'failed';
      s.failure = failureOf(eff, true);
      s.executionMode = eff.executionMode;
    } else if (h.last?.status === 'failed') {
      s.state = 'failed';
      s.failure = failureOf(h.last, false);
      s.executionMode = h.last.executionMode;
    }
    if ((s.state === 'pending' || (s.state === 'failed' && !s.failure?.blocking)) && i < lastAppliedIndex) s.outOfOrder = true;
    out.push(s);
  });
  const known = new Set(inputs.map((m) => m.version));
  for (const [version, h] of byVersion) {
    if (known.has(version) || !h.effective) continue;
    const eff = h.effective;
    if (eff.status === 'rolled_back') continue;
    const s: MigrationStatus = { version, name: eff.name, state: 'drifted', drift: 'vanished' };
    if (eff.status === 'applied') fillApplied(s, eff);
    else s.failure = failureOf(eff, true);
    out.push(s);
  }
  return out;
}

function fillApplied(s: MigrationStatus, row: HistoryRow): void {
  s.appliedAt = row.finishedAt ?? row.startedAt;
  if (row.durationMs !== null) s.durationMs = row.durationMs;
  s.appliedBy = row.appliedBy;
  s.executionMode = row.executionMode;
}

function failureOf(row: HistoryRow, blocking: boolean): NonNullable<MigrationStatus['failure']> {
  return {
    direction: row.direction,
    error: row.error ?? 'unknown error',
    statement: row.statementsDone,
    statementsTotal: row.statementsTotal,
    blocking,
    at: row.finishedAt ?? row.startedAt,
    checksum: row.checksum,
    rowId: row.id,
  };
}

/** Versions that occur more than once in the set (the history is keyed by version). */
export function duplicateVersions(inputs: readonly PlanInput[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const m of inputs) (seen.has(m.version) ? dup : seen).add(m.version);
  return [...dup];
}
