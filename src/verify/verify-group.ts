// Replays one migrations directory on its own throwaway database, in order: each up must apply,
// its down must restore the schema, and the up applied again must give the same schema.
import type { MigrationAnalysis } from '../lint.js';
import { checkDown } from './down-check.js';
import { errorSpan, type FindingSink } from './findings.js';
import { blocker, extensionsCreated } from './preflight.js';
import { describePgError, runSection } from './run-section.js';
import { takeSnapshot } from './snapshot.js';
import { openThrowaway, type Throwaway } from './throwaway.js';
import { VerifyError } from './errors.js';
import type { GroupResult, MigrationVerdict, VerifyEvent } from './types.js';

export interface GroupInput {
  directory: string;
  migrations: readonly MigrationAnalysis[];
  sink: FindingSink;
  /** Display path of a file. */
  display: (file: string) => string;
  shadowUrl?: string;
  /** SQL run on the empty database first (roles, extensions the migrations assume). */
  setupSql?: string;
  env?: NodeJS.ProcessEnv;
  onEvent?: (e: VerifyEvent) => void;
}


export async function runSetup(t: Throwaway, sql: string | undefined): Promise<void> {
  if (!sql) return;
  try {
    await t.db.exec(sql);
  } catch (err) {
    throw new VerifyError(`the --setup SQL fails on ${t.description}: ${(err as Error).message}`, 2);
  }
}

/** Back to the state after migration `upTo` (inclusive): a new empty database, then the ups. */
async function rebuild(t: Throwaway, input: GroupInput, upTo: number): Promise<string | undefined> {
  await t.reset();
  await runSetup(t, input.setupSql);
  for (const m of input.migrations.slice(0, upTo + 1)) {
    const res = await runSection(t.db, m.up.statements, m.up.transaction);
    if (!res.ok) return `rebuilding the database after a failed check, the up of ${m.migration.version} failed this time: ${describePgError(res.error)}`;
  }
  return undefined;
}

export async function verifyGroup(input: GroupInput): Promise<{ group: GroupResult; verdicts: MigrationVerdict[] }> {
  const t0 = performance.now();
  const { migrations, sink } = input;
  const t = await openThrowaway({
    ...(input.shadowUrl ? { shadowUrl: input.shadowUrl } : {}),
    extensions: extensionsCreated(migrations.flatMap((m) => [m.up, m.down])),
    ...(input.env ? { env: input.env } : {}),
  });
  const group: GroupResult = { directory: input.directory, database: t.description, major: t.major, startMs: t.startMs, durationMs: 0, total: migrations.length, applied: 0 };
  const verdicts: MigrationVerdict[] = migrations.map((m) => ({
    id: m.migration.id,
    version: m.migration.version,
    name: m.migration.name,
    file: input.display(m.migration.up.file),
    up: 'unverified',
    down: m.migration.down ? 'skipped' : 'none',
    repeat: 'not-run',
  }));
  input.onEvent?.({ type: 'group', directory: input.directory, database: t.description, startMs: t.startMs, total: migrations.length });
  try {
    await runSetup(t, input.setupSql);
    let before = await takeSnapshot(t.db);
    for (const [i, m] of migrations.entries()) {
      const verdict = verdicts[i]!;
      const version = m.migration.version;
      const later = migrations.length - i - 1;
      const stop = (reason: string) => (group.stopped = { version, reason: later > 0 ? `${reason}; the ${later} later migration${later === 1 ? ' was' : 's were'} not verified` : reason });
      const blocked = blocker(m.up, t.kind);
      if (blocked) {
        verdict.up = 'skipped';
        stop(`${version} cannot run on ${t.description}: ${blocked.reason}`);
        sink.add({ ruleId: 'verify-skipped', file: m.up.parsed.source.file, span: blocked.span, statement: blocked.statement, message: `Not verified: ${group.stopped!.reason}.` });
        input.onEvent?.({ type: 'migration', verdict, index: i, total: migrations.length });
        break;
      }
      const started = performance.now();
      const res = await runSection(t.db, m.up.statements, m.up.transaction);
      verdict.upMs = performance.now() - started;
      if (!res.ok) {
        verdict.up = 'failed';
        stop(`the up of ${version} fails`);
        sink.add({
          ruleId: 'verify-up-fails',
          file: m.up.parsed.source.file,
          span: errorSpan(m.up.statements[res.statement]!, res.error.position),
          statement: res.statement,
          message: `Up of ${version} fails on ${t.description} after the migrations before it: ${describePgError(res.error)}`,
          help: 'Every migration is replayed in order on an empty database, as a fresh deploy runs them; this statement fails there.',
        });
        input.onEvent?.({ type: 'migration', verdict, index: i, total: migrations.length });
        break;
      }
      verdict.up = 'applied';
      group.applied++;
      const after = await takeSnapshot(t.db);
      const check = await checkDown(t, m, before, after, sink);
      verdict.down = check.down;
      verdict.repeat = check.repeat;
      if (check.downDiff) verdict.downDiff = check.downDiff;
      if (check.repeatDiff) verdict.repeatDiff = check.repeatDiff;
      if (check.foldedTime) verdict.foldedTime = check.foldedTime;
      input.onEvent?.({ type: 'migration', verdict, index: i, total: migrations.length });
      if (check.dirty) {
        const failed = await rebuild(t, input, i);
        if (failed) {
          stop(failed);
          break;
        }
      }
      before = after;
    }
  } finally {
    await t.close();
  }
  group.durationMs = performance.now() - t0;
  return { group, verdicts };
}
