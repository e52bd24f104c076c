// schemaDiff(): the catalog difference between two points of the set — `empty` (before the first
// migration), a version (after it), `head` (after the last) — or the live database (`db`).
// Points of the set are reached by replaying the ups on one throwaway database.
import type { ResolvedConfig } from '../config.js';
import { lint, type MigrationAnalysis } from '../lint.js';
import type { Redactor } from '../apply/redact.js';
import { compareSnapshots, type SchemaDiff } from './compare.js';
import { VerifyError } from './errors.js';
import { openLive } from './live.js';
import { extensionsCreated } from './preflight.js';
import { groupOf, replayUps } from './replay.js';
import { takeSnapshot, type Snapshot } from './snapshot.js';
import { openThrowaway } from './throwaway.js';
import { runSetup } from './verify-group.js';

export type DiffPoint = { kind: 'empty' } | { kind: 'head' } | { kind: 'db' } | { kind: 'version'; version: string };

export function parsePoint(text: string): DiffPoint {
  if (text === 'empty' || text === 'head' || text === 'db') return { kind: text };
  return { kind: 'version', version: text };
}

export interface DiffOptions {
  cwd: string;
  config: ResolvedConfig;
  paths?: string[];
  from: DiffPoint;
  to: DiffPoint;
  /** The live database for `db` (default: as apply resolves it). */
  databaseUrl?: string;
  /** Replay on this server instead of PGlite. */
  shadowUrl?: string;
  setupSql?: string;
  env?: NodeJS.ProcessEnv;
  redactor?: Redactor;
}

export interface PointInfo {
  point: string;
  /** The database the snapshot was read from. */
  database: string;
}

export interface DiffResult {
  from: PointInfo;
  to: PointInfo;
  diff: SchemaDiff;
}

const label = (p: DiffPoint) => (p.kind === 'version' ? p.version : p.kind);

async function liveSnapshot(opts: DiffOptions): Promise<{ snapshot: Snapshot; database: string }> {
  const live = await openLive({ config: opts.config, ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}), ...(opts.env ? { env: opts.env } : {}), ...(opts.redactor ? { redactor: opts.redactor } : {}) });
  try {
    return { snapshot: await takeSnapshot(live.session.db, { exclude: [live.table.display] }), database: live.target.display };
  } finally {
    await live.session.close();
  }
}

/** Snapshots of the set at the points asked for, by point label. */
async function setSnapshots(opts: DiffOptions, points: DiffPoint[]): Promise<Map<string, { snapshot: Snapshot; database: string }>> {
  const out = new Map<string, { snapshot: Snapshot; database: string }>();
  if (points.length === 0) return out;
  const result = await lint({ cwd: opts.cwd, config: opts.config, ...(opts.paths?.length ? { paths: opts.paths } : {}) });
  const named = points.find((p): p is Extract<DiffPoint, { kind: 'version' }> => p.kind === 'version');
  const group: MigrationAnalysis[] = groupOf(result, named?.version);
  const indexOf = (p: DiffPoint): number => {
    if (p.kind === 'empty') return -1;
    if (p.kind === 'head') return group.length - 1;
    const i = group.findIndex((m) => m.migration.version === (p as { version: string }).version);
    if (i < 0) throw new VerifyError(`${label(p)} and ${named?.version} are in different migrations directories (each its own database)`, 2);
    return i;
  };
  const wanted = new Map(points.map((p) => [indexOf(p), label(p)]));
  const t = await openThrowaway({ ...(opts.shadowUrl ? { shadowUrl: opts.shadowUrl } : {}), extensions: extensionsCreated(group.flatMap((m) => [m.up])), ...(opts.env ? { env: opts.env } : {}) });
  try {
    await runSetup(t, opts.setupSql);
    const take = async (i: number) => {
      const name = wanted.get(i);
      if (name !== undefined) out.set(name, { snapshot: await takeSnapshot(t.db), database: t.description });
    };
    await take(-1);
    await replayUps(t, group, { from: 0, to: Math.max(...wanted.keys()) }, take);
  } finally {
    await t.close();
  }
  return out;
}

export async function schemaDiff(opts: DiffOptions): Promise<DiffResult> {
  const snapshots = await setSnapshots(opts, [opts.from, opts.to].filter((p) => p.kind !== 'db'));
  const resolvePoint = async (p: DiffPoint) => (p.kind === 'db' ? liveSnapshot(opts) : snapshots.get(label(p))!);
  const from = await resolvePoint(opts.from);
  const to = opts.to.kind === 'db' && opts.from.kind === 'db' ? from : await resolvePoint(opts.to);
  return {
    from: { point: label(opts.from), database: from.database },
    to: { point: label(opts.to), database: to.database },
    diff: compareSnapshots(from.snapshot, to.snapshot),
  };
}
