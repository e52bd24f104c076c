// After a run died half-way through a statement-by-statement migration (SIGKILL, a lost
// connection), its row still says "interrupted", counting the statements before the one in
// flight. Once that statement's server process is gone (leftover.ts), the catalog tells what
// it did: the row then counts it when it finished on the server, and says what is left and
// what to run when it did not.
import type { Db } from './driver.js';
import { finishRow, type HistoryRow, INTERRUPTED, readHistory, type TableName } from './history.js';
import { outcomeOnServer } from './index-builds.js';
import type { Candidate } from './prepare.js';

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** Rows of runs that stopped half-way (the last row of their version), oldest first. */
function interruptedRows(rows: readonly HistoryRow[]): HistoryRow[] {
  const last = new Map<string, HistoryRow>();
  for (const r of rows) last.set(r.version, r);
  return [...last.values()].filter((r) => r.status === 'failed' && r.executionMode === 'statements' && r.error === INTERRUPTED);
}

/** Call while holding the migration lock, after waiting for leftovers; `onInfo` hears what changed. */
export async function reconcileInterrupted(db: Db, table: TableName, candidates: readonly Candidate[], onInfo: (message: string) => void): Promise<void> {
  for (const row of interruptedRows(await readHistory(db, table))) {
    const c = candidates.find((x) => x.version === row.version);
    // A changed file: its statement numbers may not match (drift is reported elsewhere).
    if (!c || c.checksum !== row.checksum) continue;
    const section = row.direction === 'down' ? c.analysis.down : c.analysis.up;
    const stmt = section?.statements[row.statementsDone];
    if (!stmt) continue;
    const n = row.statementsDone + 1;
    const cmd = row.direction === 'down' ? 'down' : 'apply';
    const what = `statement ${n} (${firstLine(stmt.text)})`;
    const outcome = await outcomeOnServer(db, stmt.node);
    const fields = { finishedAt: new Date(), durationMs: Math.max(0, Date.now() - Date.parse(row.startedAt)) };
    const who = `${row.version} ${row.name}`;
    if (outcome?.done && n === row.statementsTotal) {
      await finishRow(db, table, row.id, { ...fields, status: row.direction === 'down' ? 'rolled_back' : 'applied', statementsDone: n, error: null });
      onInfo(`${who}: its last ${what} finished on the server after its run stopped; recorded as ${row.direction === 'down' ? 'rolled back' : 'applied'}`);
      continue;
    }
    let error: string;
    if (outcome?.done) {
      error = `interrupted after ${what}, which finished on the server after the run stopped; \`migrationlint ${cmd} --retry-failed\` resumes at statement ${n + 1}`;
      onInfo(`${who}: ${what} finished on the server after its run stopped; recorded as done`);
    } else if (outcome) {
      error =
        `interrupted during ${what}: it did not finish on the server` +
        (outcome.invalid
          ? ` and left the INVALID index ${outcome.invalid.name} (indisvalid = ${outcome.invalid.valid ? 't' : 'f'}, indisready = ${outcome.invalid.ready ? 't' : 'f'}); \`migrationlint ${cmd} --retry-failed\` drops it and runs statement ${n} again`
          : `; \`migrationlint ${cmd} --retry-failed\` runs it again`);
    } else {
      error = `interrupted during or just before ${what}; the catalog cannot tell whether it took effect: check, then \`migrationlint ${cmd} --retry-failed\` runs it again, or undo it and \`migrationlint resolve ${row.version}\``;
    }
    await finishRow(db, table, row.id, { ...fields, status: 'failed', statementsDone: outcome?.done ? n : row.statementsDone, error });
  }
}
