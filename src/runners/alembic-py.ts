// Alembic revision files (.py, also Flask-Migrate's migrations/versions/): read by
// src/hosts/python/alembic.ts, ordered by the revision graph, run under env.py's transaction setup.
import path from 'node:path';
import { problem } from '../discover/part.js';
import { executedSection } from '../hosts/execute/alembic-merge.js';
import type { ExecutedMigration } from '../hosts/execute/types.js';
import { readAlembicEnv, type AlembicEnv } from '../hosts/python/alembic-env.js';
import { extractAlembic, type AlembicRevisionFile } from '../hosts/python/alembic.js';
import { orderRevisions } from '../hosts/python/revision-graph.js';
import { sectionOfOperations } from '../hosts/runner.js';
import type { SourceText, Span, WrapMode } from '../types.js';
import type { Evidence, Probe, RunnerMigration, RunnerRead } from './types.js';

const REVISION_RE = /^revision\s*(?::[^=\n]*)?=\s*['"]/m;
const DOWN_RE = /^down_revision\s*(?::[^=\n]*)?=/m;

const SCRIPT_FILES = new Set(['env.py', '__init__.py']);

/** How raw SQL is written in a revision, for help on builder calls. */
export const ALEMBIC_RAW_SQL = 'op.execute("…")';

export function detectRevision(file: SourceText): Evidence | undefined {
  if (!file.path.endsWith('.py')) return undefined;
  const revision = REVISION_RE.exec(file.text);
  const down = DOWN_RE.exec(file.text);
  if (!revision || !down) return undefined;
  const lineEnd = file.text.indexOf('\n', down.index);
  return { strength: 'marker', what: "'revision' and 'down_revision' in an Alembic revision", span: { start: down.index, end: lineEnd < 0 ? file.text.length : lineEnd } };
}

/** env.py in the versions directory's parent, or above it (Prefect keeps versions/postgresql/ two levels down). */
export function alembicEnv(revisionPath: string, probe: Probe): AlembicEnv | undefined {
  let dir = path.dirname(path.dirname(revisionPath));
  for (let up = 0; up < 3; up++) {
    const envPath = path.join(dir, 'env.py');
    const text = probe.read(envPath);
    if (text !== undefined) return probe.memo(`alembic-env:${envPath}`, () => readAlembicEnv(text));
    dir = path.dirname(dir);
  }
  return undefined;
}

/** The wrap of a revision's section when it has no autocommit_block: env.py's, else Alembic's default (one transaction for the run). */
export const revisionWrap = (file: SourceText, probe: Probe): WrapMode => alembicEnv(file.path, probe)?.wrap ?? 'whole-run';

/** `2022_04_20_113011_605ebb4e9155_add_flow_run_state_name` → `add_flow_run_state_name` (the revision id is the version). */
function nameOf(file: SourceText, id: string): string {
  const stem = path.basename(file.path, '.py');
  const rest = stem.replace(id, '').replace(/^[-_]+|[-_]+$/g, '').replace(/([-_]){2,}/g, '$1');
  return rest || stem;
}

/** `executed`: what Alembic emitted for each revision (orm.execute), linted in place of the static reading. */
export function readRevisions(files: readonly SourceText[], executed?: ReadonlyMap<string, ExecutedMigration>): RunnerRead {
  const out: RunnerRead = { migrations: [], problems: [] };
  const revisions = new Map<string, { file: SourceText; found: AlembicRevisionFile }>();
  for (const file of files) {
    // The script directory's own files, when a pattern names it rather than versions/.
    if (SCRIPT_FILES.has(path.basename(file.path))) continue;
    const found = extractAlembic(file.text);
    for (const p of found.problems) out.problems.push({ ...p, file: file.path });
    if (!found.revision) {
      out.problems.push(problem(file.path, 'invalid-file', 'not an Alembic revision: no literal `revision = "…"`; Alembic cannot load it'));
      continue;
    }
    revisions.set(file.path, { file, found });
  }
  const graph = orderRevisions(
    [...revisions.values()].map(({ file, found }) => ({ key: file.path, id: found.revision?.id ?? '', parents: found.revision?.parents ?? [], dependsOn: found.dependsOn, span: found.revision?.span as Span })),
  );
  for (const p of graph.problems) out.problems.push(problem(p.key, 'invalid-file', p.message, p.span));
  const width = String(graph.order.length).length;
  graph.order.forEach((key, index) => {
    const entry = revisions.get(key);
    if (!entry) return;
    const { file, found } = entry;
    const id = found.revision?.id ?? '';
    // A file that is not valid Python keeps its place in the graph (its problem is reported) but has nothing to lint.
    if (!found.up) {
      if (found.problems.length === 0) out.problems.push(problem(file.path, 'invalid-file', `revision ${id} has no upgrade() function: Alembic fails when it reaches it`, found.revision?.span));
      return;
    }
    // A merge revision that sends nothing only joins branches: a graph node, not a migration to lint.
    if ((found.revision?.parents.length ?? 0) > 1 && found.up.operations.length === 0 && (found.down?.operations.length ?? 0) === 0) return;
    const ran = executed?.get(file.path);
    const up = ran?.up ? executedSection(found.up, ran.up) : found.up;
    const down = found.down && ran?.down ? executedSection(found.down, ran.down) : found.down;
    const m: RunnerMigration = {
      layout: 'orm',
      file,
      up: sectionOfOperations(up, ALEMBIC_RAW_SQL, 'alembic'),
      version: id,
      name: nameOf(file, id),
      versioned: true,
      orderKey: String(index).padStart(width, '0'),
    };
    if (down) m.down = sectionOfOperations(down, ALEMBIC_RAW_SQL, 'alembic');
    out.migrations.push(m);
  });
  return out;
}
