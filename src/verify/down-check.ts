// After an up: run its down and compare with the schema before the up, then run the up again and
// compare with the first up. When both sections run in one transaction each, the pair runs in
// one transaction that is rolled back, so the database is back after the first up for free;
// otherwise the caller rebuilds it when it is not.
import type { MigrationAnalysis } from '../lint.js';
import { compareSnapshots, describeMismatch, isEmptyDiff, type SchemaDiff } from './compare.js';
import { errorSpan, type FindingSink, sectionSpan } from './findings.js';
import { blocker } from './preflight.js';
import { describePgError, runSection, runStatements, type StatementFailure } from './run-section.js';
import { takeSnapshot, type Snapshot } from './snapshot.js';
import type { Throwaway } from './throwaway.js';
import type { DownOutcome, RepeatOutcome } from './types.js';

export interface DownCheck {
  down: DownOutcome;
  repeat: RepeatOutcome;
  downDiff?: SchemaDiff;
  repeatDiff?: SchemaDiff;
  /** The database is no longer as the first up left it. */
  dirty: boolean;
  /** Views compared modulo timestamps PostgreSQL folded at creation. */
  foldedTime?: string[];
}

/** Compared with the snapshot taken earlier, ignoring view timestamps folded from now() when each was created. */
function compareReplayed(expected: Snapshot, actual: Snapshot, folded: Set<string>): SchemaDiff {
  const diff = compareSnapshots(expected, actual, { moduloFoldedTime: true });
  for (const name of diff.foldedTime ?? []) folded.add(name);
  return diff;
}

const DOWN_HELP = 'A down must undo exactly what its up does, so rolling back leaves the schema as it was; verify compares the catalogs before the up and after the down.';
const REPEAT_HELP = 'Applying the up again after its down must give the same schema: the down left something behind (rows, objects outside the compared catalogs) that the up depends on.';

export async function checkDown(t: Throwaway, m: MigrationAnalysis, before: Snapshot, after: Snapshot, sink: FindingSink): Promise<DownCheck> {
  const folded = new Set<string>();
  const check = await runDownCheck(t, m, before, after, sink, folded);
  return folded.size > 0 ? { ...check, foldedTime: [...folded] } : check;
}

async function runDownCheck(t: Throwaway, m: MigrationAnalysis, before: Snapshot, after: Snapshot, sink: FindingSink, folded: Set<string>): Promise<DownCheck> {
  const { up, down } = m;
  if (!down) return { down: 'none', repeat: 'not-run', dirty: false };
  const blocked = blocker(down, t.kind);
  if (blocked) {
    sink.add({ ruleId: 'verify-skipped', file: down.parsed.source.file, span: blocked.span, statement: blocked.statement, message: `Down of ${m.migration.version} not verified: ${blocked.reason}.` });
    return { down: 'skipped', repeat: 'not-run', dirty: false };
  }
  const where = t.description;
  const downFailed = (f: StatementFailure) =>
    sink.add({
      ruleId: 'verify-down-mismatch',
      file: down.parsed.source.file,
      span: errorSpan(down.statements[f.statement]!, f.error.position),
      statement: f.statement,
      message: `Down of ${m.migration.version} fails on ${where}, so it cannot restore the schema before the up: ${describePgError(f.error)}`,
      help: DOWN_HELP,
    });
  const downDiffers = (diff: SchemaDiff) =>
    sink.add({
      ruleId: 'verify-down-mismatch',
      file: down.parsed.source.file,
      span: sectionSpan(down),
      statement: down.statements.length > 0 ? 0 : -1,
      message: `Down of ${m.migration.version} does not restore the schema before the up: ${describeMismatch(diff)}.`,
      help: DOWN_HELP,
    });
  const repeatFailed = (f: StatementFailure) =>
    sink.add({
      ruleId: 'verify-up-not-repeatable',
      file: up.parsed.source.file,
      span: errorSpan(up.statements[f.statement]!, f.error.position),
      statement: f.statement,
      message: `Up of ${m.migration.version} fails when applied again after its down, on ${where}: ${describePgError(f.error)}`,
      help: REPEAT_HELP,
    });
  const repeatDiffers = (diff: SchemaDiff) =>
    sink.add({
      ruleId: 'verify-up-not-repeatable',
      file: up.parsed.source.file,
      span: sectionSpan(up),
      statement: up.statements.length > 0 ? 0 : -1,
      message: `Up of ${m.migration.version} applied again after its down gives another schema than the first time: ${describeMismatch(diff)}.`,
      help: REPEAT_HELP,
    });

  if (up.transaction === 'wrapped' && down.transaction === 'wrapped') {
    await t.db.exec('BEGIN');
    try {
      const d = await runStatements(t.db, down.statements);
      if (!d.ok) {
        downFailed(d);
        return { down: 'failed', repeat: 'not-run', dirty: false };
      }
      const downDiff = compareReplayed(before, await takeSnapshot(t.db), folded);
      if (!isEmptyDiff(downDiff)) {
        downDiffers(downDiff);
        return { down: 'mismatch', repeat: 'not-run', downDiff, dirty: false };
      }
      const u = await runStatements(t.db, up.statements);
      if (!u.ok) {
        repeatFailed(u);
        return { down: 'ok', repeat: 'failed', dirty: false };
      }
      const repeatDiff = compareReplayed(after, await takeSnapshot(t.db), folded);
      if (!isEmptyDiff(repeatDiff)) {
        repeatDiffers(repeatDiff);
        return { down: 'ok', repeat: 'differs', repeatDiff, dirty: false };
      }
      return { down: 'ok', repeat: 'ok', dirty: false };
    } finally {
      await t.db.exec('ROLLBACK');
    }
  }

  // A section that cannot run in one transaction runs (and commits) as it really would.
  const dirty = async () => !isEmptyDiff(compareReplayed(after, await takeSnapshot(t.db), new Set()));
  const d = await runSection(t.db, down.statements, down.transaction);
  if (!d.ok) {
    downFailed(d);
    return { down: 'failed', repeat: 'not-run', dirty: await dirty() };
  }
  const downDiff = compareReplayed(before, await takeSnapshot(t.db), folded);
  if (!isEmptyDiff(downDiff)) {
    downDiffers(downDiff);
    return { down: 'mismatch', repeat: 'not-run', downDiff, dirty: true };
  }
  const u = await runSection(t.db, up.statements, up.transaction);
  if (!u.ok) {
    repeatFailed(u);
    return { down: 'ok', repeat: 'failed', dirty: await dirty() };
  }
  const repeatDiff = compareReplayed(after, await takeSnapshot(t.db), folded);
  if (!isEmptyDiff(repeatDiff)) {
    repeatDiffers(repeatDiff);
    return { down: 'ok', repeat: 'differs', repeatDiff, dirty: true };
  }
  return { down: 'ok', repeat: 'ok', dirty: false };
}
