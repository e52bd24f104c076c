// Replays one migrations directory of a real history on a PostgreSQL server, in the runner's
// order and each up in its transaction mode (the tool's own discovery and transaction model),
// and checks the fixes lint offers on each up (and down) against the original. The fixed up runs first,
// on the history so far: in its transaction, rolled back, when it is wrapped; in a clone of the
// database otherwise (CONCURRENTLY cannot be rolled back). Then the original up runs and the
// replay goes on; a down with fixes runs right after its up, original and fixed, each isolated
// the same way. The replay stops at the first original up that fails, and says why.
import path from 'node:path';
import type { SectionAnalysis } from '../../src/analyse.js';
import type { Db } from '../../src/apply/driver.js';
import type { MigrationAnalysis } from '../../src/lint.js';
import { blocker } from '../../src/verify/preflight.js';
import { describePgError, runSection } from '../../src/verify/run-section.js';
import type { Snapshot } from '../../src/verify/snapshot.js';
import { fixedSection, judge, runAndSnapshot, runRolledBack, sectionFixes, type FixFinding, type LintRun, type Outcome, type SectionName } from './fixed-up.js';
import { connect, databases, Session, type Cluster, type Databases } from './replay-databases.js';
import { createRolesSql, rolesAssumed } from './set-prerequisites.js';

export interface FixFailure {
  /** file:line of the fix at fault (the migration's first fix when none fails alone). */
  where: string;
  fixes: string[];
  problem: string;
}

export interface GroupReport {
  /** The migrations directory, relative to the corpus. */
  directory: string;
  migrations: number;
  replayed: number;
  /** Why the replay stopped before the end: "id: statement n fails: message (SQLSTATE x)". */
  stopped?: string;
  /** Fixes lint offers on the ups of the directory, and on how many ups. */
  offered: { fixes: number; migrations: number };
  checked: { fixes: number; migrations: number };
  /** Fixes offered on downs; checked (each down right after its up); downs whose original fails there (not judged). */
  downs: { offered: number; fixes: number; migrations: number; originalFails: number };
  /** Checked fixes whose up ran in a clone of the database (not wrapped in a transaction). */
  cloned: number;
  failures: FixFailure[];
}

export interface ReplayInput extends LintRun {
  cluster: Cluster;
  directory: string;
  migrations: readonly MigrationAnalysis[];
  /** A unique prefix for this directory's databases. */
  prefix: string;
  /** Whether the n-th up with fixes (0-based) is checked: deterministic sampling. Default: all. */
  sample?: (n: number) => boolean;
}

interface FixedRun {
  section: SectionAnalysis;
  outcome: Outcome;
}

/** Runs the section on the database `session` is on, which is left as it was: rolled back when wrapped, else in a clone. */
async function runIsolated(input: ReplayInput, section: SectionAnalysis, session: Session, dbs: Databases): Promise<Outcome> {
  if (section.transaction === 'wrapped') return runRolledBack(await session.get(), section);
  await session.close();
  const clone = await dbs.create('clone', session.database);
  try {
    const db = await connect(input.cluster, clone);
    try {
      return await runAndSnapshot(db, section);
    } finally {
      await db.close();
    }
  } finally {
    await dbs.drop(clone);
  }
}

async function tryFixed(input: ReplayInput, m: MigrationAnalysis, name: SectionName, fixes: readonly FixFinding[], session: Session, dbs: Databases): Promise<FixedRun> {
  const section = await fixedSection(input, m, name, fixes.map((f) => f.fix));
  return { section, outcome: await runIsolated(input, section, session, dbs) };
}

const where = (input: ReplayInput, f: FixFinding) => `${input.result.set.files.get(f.file)?.relPath ?? f.file}:${f.start.line}`;

export async function replayDirectory(input: ReplayInput): Promise<GroupReport> {
  const { migrations } = input;
  const dbs = databases(input.cluster, input.prefix);
  const offered = migrations.map((m) => sectionFixes(input.result, m));
  const offeredDowns = migrations.map((m) => sectionFixes(input.result, m, 'down'));
  const report: GroupReport = {
    directory: input.directory,
    migrations: migrations.length,
    replayed: 0,
    offered: { fixes: offered.reduce((n, f) => n + f.length, 0), migrations: offered.filter((f) => f.length > 0).length },
    checked: { fixes: 0, migrations: 0 },
    downs: { offered: offeredDowns.reduce((n, f) => n + f.length, 0), fixes: 0, migrations: 0, originalFails: 0 },
    cloned: 0,
    failures: [],
  };
  // Nothing to check: replaying it would only cost the time (synapse has a hundred such directories).
  if (report.offered.fixes + report.downs.offered === 0) return report;
  const roles = rolesAssumed(migrations);
  if (roles.length > 0) await input.cluster.admin.query(createRolesSql(roles));
  const session = new Session(input.cluster, await dbs.create('replay'));
  let withFixes = 0;
  try {
    for (const [i, m] of migrations.entries()) {
      const blocked = blocker(m.up, 'pg');
      if (blocked) {
        report.stopped = `${m.migration.id}: ${blocked.reason}`;
        break;
      }
      const fixes = offered[i]!;
      const checked = fixes.length > 0 && (input.sample?.(withFixes) ?? true);
      if (fixes.length > 0) withFixes++;
      const fixed = checked ? await tryFixed(input, m, 'up', fixes, session, dbs) : undefined;
      const original = await runOriginal(await session.get(), m, fixed !== undefined);
      if (!original.ok) {
        report.stopped = `${m.migration.id}: ${original.problem}`;
        break;
      }
      report.replayed++;
      if (fixed && original.snapshot) {
        report.checked.fixes += fixes.length;
        report.checked.migrations++;
        if (fixed.section.transaction !== 'wrapped') report.cloned += fixes.length;
        const problem = judge({ section: m.up, snapshot: original.snapshot }, fixes, fixed);
        if (problem) report.failures.push(await failure(input, i, fixes, original.snapshot, problem));
      }
      if (offeredDowns[i]!.length > 0) await checkDown(input, m, offeredDowns[i]!, session, dbs, report);
    }
  } finally {
    await session.close();
    await dbs.drop(session.database);
  }
  return report;
}

/** Right after its up, as a rollback runs it: the original down and the fixed one, each leaving the database as it was. */
async function checkDown(input: ReplayInput, m: MigrationAnalysis, fixes: readonly FixFinding[], session: Session, dbs: Databases, report: GroupReport): Promise<void> {
  const down = m.down;
  if (!down) return;
  const original = await runIsolated(input, down, session, dbs);
  if (!original.ok) {
    report.downs.originalFails++;
    return;
  }
  const fixed = await tryFixed(input, m, 'down', fixes, session, dbs);
  report.downs.fixes += fixes.length;
  report.downs.migrations++;
  if (fixed.section.transaction !== 'wrapped') report.cloned += fixes.length;
  const problem = judge({ section: down, snapshot: original.snapshot }, fixes, fixed);
  if (problem) report.failures.push({ where: where(input, fixes[0]!), fixes: fixes.map((f) => f.fix.title), problem });
}

async function runOriginal(db: Db, m: MigrationAnalysis, snapshot: boolean): Promise<{ ok: true; snapshot?: Snapshot } | { ok: false; problem: string }> {
  if (snapshot) return runAndSnapshot(db, m.up);
  const res = await runSection(db, m.up.statements, m.up.transaction);
  return res.ok ? { ok: true } : { ok: false, problem: `statement ${res.statement + 1} fails: ${describePgError(res.error)}` };
}

/**
 * The fixes at fault in a failing migration, found by halving (a few runs, not one per fix) on a
 * database rebuilt up to the migration before it: failures are rare, so rebuilding then is
 * cheaper than keeping that state for every check.
 */
async function failure(input: ReplayInput, index: number, fixes: readonly FixFinding[], original: Snapshot, problem: string): Promise<FixFailure> {
  const m = input.migrations[index]!;
  const report = (at: readonly FixFinding[], why: string): FixFailure => ({ where: where(input, at[0]!), fixes: at.map((f) => f.fix.title), problem: why });
  if (fixes.length === 1) return report(fixes, problem);
  const dbs = databases(input.cluster, `${input.prefix}_alone`);
  const before = new Session(input.cluster, await dbs.create('before'));
  try {
    for (const earlier of input.migrations.slice(0, index)) {
      const res = await runSection(await before.get(), earlier.up.statements, earlier.up.transaction);
      if (!res.ok) return report(fixes, `${problem} (rebuilding to find the fix at fault, ${earlier.migration.id} failed: ${describePgError(res.error)})`);
    }
    const fails = async (some: readonly FixFinding[]) => judge({ section: m.up, snapshot: original }, some, await tryFixed(input, m, 'up', some, before, dbs));
    let at = fixes;
    let why = problem;
    while (at.length > 1) {
      const half = Math.ceil(at.length / 2);
      const [first, second] = [at.slice(0, half), at.slice(half)];
      const firstFails = await fails(first);
      const secondFails = firstFails ? undefined : await fails(second);
      if (!firstFails && !secondFails) return report(at, `${why} (no part of these fixes fails alone)`);
      [at, why] = firstFails ? [first, firstFails] : [second, secondFails!];
    }
    return report(at, why);
  } finally {
    await before.close();
    await dbs.drop(before.database);
  }
}

export function formatGroup(r: GroupReport): string {
  if (r.offered.fixes + r.downs.offered === 0) return `${r.directory}: ${r.migrations} migrations, no fix offered on an up, not replayed`;
  const stop = r.stopped ? ` (stopped at ${r.stopped})` : '';
  const offered = r.checked.fixes < r.offered.fixes ? ` (of ${r.offered.fixes} offered in ${r.offered.migrations})` : '';
  const downs = r.downs.offered > 0 ? `, ${r.downs.fixes} fixes in ${r.downs.migrations} downs (of ${r.downs.offered} offered; ${r.downs.originalFails} of the downs fail${r.downs.originalFails === 1 ? 's' : ''} as written)` : '';
  return `${r.directory}: replayed ${r.replayed}/${r.migrations} migrations${stop}, checked ${r.checked.fixes} fixes in ${r.checked.migrations} migrations${offered}${downs} (${r.cloned} in a clone), ${r.failures.length} failing`;
}

export const displayDirectory = (cwd: string, dir: string) => path.relative(cwd, dir) || '.';
