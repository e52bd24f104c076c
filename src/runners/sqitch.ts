// sqitch: `sqitch.plan` orders the changes (`name [deps] timestamp planner <email> # note`,
// `@tag` lines, `%pragma` lines); each change deploys `deploy/<name>.sql` and reverts with
// `revert/<name>.sql`; `verify/` scripts are checks, not migrations. A change listed again after
// a tag is reworked: its earlier instance lives in `deploy/<name>@<tag>.sql`. sqitch hands each
// script to psql and adds no transaction: the script's own BEGIN/COMMIT decide; psql's
// meta-commands and variables are read as psql reads them (preprocess/sqitch-script.ts).
import path from 'node:path';
import { problem } from '../discover/part.js';
import type { DiscoveryProblem, SourceText, Span } from '../types.js';
import { sqitchScript } from './preprocess/sqitch-script.js';
import type { NewMigrationInput, NewMigrationPlan, Probe, RunnerMigration, RunnerModule, RunnerRead } from './types.js';

const PLAN = 'sqitch.plan';
const SCRIPT_DIRS = ['deploy', 'revert', 'verify'] as const;
const CHANGE_RE = /^[+-]?([^\s@#%:[\]]+)[ \t]*(?:\[([^\]]*)\])?/;
const TAG_RE = /^@(\S+)/;
const PLANNER_RE = /\s\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\s+([^#]*<[^>]*>)/;

interface PlanChange {
  name: string;
  deps: string[];
  line: number;
  span: Span;
  /** Tags between this instance and the change's next instance in the plan (its rework). */
  reworkTags: string[];
}

interface Plan {
  changes: PlanChange[];
  tags: Map<string, number>;
  problems: DiscoveryProblem[];
}

function parsePlan(planPath: string, text: string): Plan {
  const plan: Plan = { changes: [], tags: new Map(), problems: [] };
  const open = new Map<string, PlanChange>();
  let offset = 0;
  text.split('\n').forEach((raw, index) => {
    const span = { start: offset, end: offset + raw.replace(/\r$/, '').length };
    offset += raw.length + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('%')) return;
    const tag = TAG_RE.exec(line);
    if (tag?.[1]) {
      plan.tags.set(tag[1], plan.changes.length);
      for (const change of open.values()) change.reworkTags.push(tag[1]);
      return;
    }
    const m = CHANGE_RE.exec(line);
    if (!m?.[1]) {
      plan.problems.push(problem(planPath, 'invalid-file', `not a change, tag or pragma line`, span));
      return;
    }
    const change: PlanChange = { name: m[1], deps: (m[2] ?? '').split(/\s+/).filter(Boolean), line: index + 1, span, reworkTags: [] };
    const earlier = open.get(change.name);
    if (earlier && earlier.reworkTags.length === 0) plan.problems.push(problem(planPath, 'invalid-file', `change "${change.name}" is listed again without a tag since line ${earlier.line}: sqitch refuses a rework that no tag separates`, span));
    open.set(change.name, change);
    plan.changes.push(change);
  });
  // The last instance of a change uses the plain script; earlier ones keep their rework tags.
  const lastIndex = new Map(plan.changes.map((c, i) => [c.name, i]));
  plan.changes.forEach((c, i) => {
    if (lastIndex.get(c.name) === i) c.reworkTags = [];
  });
  return plan;
}

/** Dependencies must name a change earlier in the plan (a later one is a cycle or a wrong order), a tag, or another project. */
function dependencyProblems(planPath: string, plan: Plan): DiscoveryProblem[] {
  const out: DiscoveryProblem[] = [];
  const firstAt = new Map<string, number>();
  plan.changes.forEach((c, i) => firstAt.has(c.name) || firstAt.set(c.name, i));
  plan.changes.forEach((change, i) => {
    for (const raw of change.deps) {
      const dep = raw.replace(/^!/, '');
      if (dep.includes(':')) continue;
      const [name = '', tag] = dep.split('@');
      if (name === '' && tag !== undefined) {
        if (!plan.tags.has(tag)) out.push(problem(planPath, 'invalid-file', `change "${change.name}" depends on unknown tag @${tag}`, change.span));
        continue;
      }
      const at = firstAt.get(name);
      if (at === undefined) out.push(problem(planPath, 'invalid-file', `change "${change.name}" depends on unknown change "${name}"`, change.span));
      else if (at >= i && !raw.startsWith('!')) {
        const later = plan.changes[at];
        out.push(problem(planPath, 'invalid-file', `change "${change.name}" depends on "${name}", which the plan deploys later (line ${later?.line ?? '?'}): a dependency cycle or a wrong order`, change.span));
      }
    }
  });
  return out;
}

/** The directory holding `sqitch.plan` and the script directories above a file, if any. */
function projectOf(file: string, probe: Probe): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    const parent = path.dirname(dir);
    if (SCRIPT_DIRS.includes(path.basename(dir) as (typeof SCRIPT_DIRS)[number]) && probe.exists(path.join(parent, PLAN))) return parent;
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function scriptOf(top: string, kind: (typeof SCRIPT_DIRS)[number], change: PlanChange, files: ReadonlyMap<string, SourceText>, probe: Probe): string {
  const plain = path.join(top, kind, `${change.name}.sql`);
  if (change.reworkTags.length === 0) return plain;
  const candidates = change.reworkTags.map((tag) => path.join(top, kind, `${change.name}@${tag}.sql`));
  return candidates.find((c) => files.has(c) || probe.exists(c)) ?? candidates[0] ?? plain;
}

function readProject(top: string, files: ReadonlyMap<string, SourceText>, probe: Probe): RunnerRead {
  const planPath = path.join(top, PLAN);
  const plan = parsePlan(planPath, probe.read(planPath) ?? '');
  const out: RunnerRead = { migrations: [], problems: [...plan.problems, ...dependencyProblems(planPath, plan)] };
  const width = String(plan.changes.length).length;
  plan.changes.forEach((change, i) => {
    const deployPath = scriptOf(top, 'deploy', change, files, probe);
    const deploy = files.get(deployPath);
    if (!deploy) {
      if (!probe.exists(deployPath)) out.problems.push(problem(planPath, 'invalid-file', `change "${change.name}" has no deploy script ${path.relative(top, deployPath)}`, change.span));
      return;
    }
    const tag = change.reworkTags.find((t) => deployPath.endsWith(`@${t}.sql`));
    const m: RunnerMigration = {
      layout: 'plain',
      file: deploy,
      up: { start: 0, end: deploy.text.length },
      version: String(i + 1).padStart(width, '0'),
      name: tag ? `${change.name}@${tag}` : change.name,
      versioned: true,
      metadata: { sqitchPlanLine: change.line, dependencies: change.deps },
    };
    const revert = files.get(scriptOf(top, 'revert', change, files, probe));
    if (revert) m.downFile = revert;
    out.migrations.push(m);
  });
  return out;
}

export const sqitch: RunnerModule = {
  name: 'sqitch',
  title: 'sqitch',
  defaultDirs: ['.', 'db', 'schema', 'sqitch'],
  markers: [{ file: PLAN }],
  separators: 'none: psql runs the script (meta-commands possible)',
  detect(file, probe) {
    return projectOf(file.path, probe) !== undefined ? { strength: 'metadata', what: `${PLAN} above deploy/ revert/ verify/` } : undefined;
  },
  readsFilesAlone: false, // sqitch.plan, a file of the set, lists and orders them
  read(files, probe) {
    const out: RunnerRead = { migrations: [], problems: [] };
    const byProject = new Map<string, Map<string, SourceText>>();
    for (const file of files) {
      const top = projectOf(file.path, probe);
      if (top === undefined) {
        out.problems.push(problem(file.path, 'invalid-file', `not a sqitch script: no ${PLAN} above a deploy/, revert/ or verify/ directory holding it`));
        continue;
      }
      const own = byProject.get(top) ?? new Map<string, SourceText>();
      own.set(file.path, file);
      byProject.set(top, own);
    }
    for (const [top, own] of byProject) {
      const read = readProject(top, own, probe);
      out.migrations.push(...read.migrations);
      out.problems.push(...read.problems);
      const used = new Set(read.migrations.flatMap((m) => [m.file.path, ...(m.downFile ? [m.downFile.path] : [])]));
      for (const file of own.values()) {
        const kind = path.relative(top, file.path).split(path.sep)[0];
        if (kind !== 'verify' && !used.has(file.path)) out.problems.push(problem(file.path, 'invalid-file', `${kind ?? ''} script of no change in ${PLAN}: sqitch never runs it`));
      }
    }
    return out;
  },
  transaction: {
    model: 'none',
    behaviour: 'sqitch hands the script to psql and adds no transaction: the script’s own BEGIN/COMMIT decide',
    optOut: () => 'leaving `BEGIN;` / `COMMIT;` out of the script',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
  preprocess: (input, probe) => sqitchScript(input, projectOf(input.file.path, probe), probe),
  newMigration: addChange,
};

/** `sqitch add`: a plan line (planner of the last line) and deploy/revert/verify scripts from sqitch's pg templates. */
function addChange({ migrations, slug, now, probe }: NewMigrationInput): NewMigrationPlan {
  const last = migrations.at(-1);
  const top = (last && projectOf(last.up.file, probe)) ?? '.';
  const planPath = path.join(top, PLAN);
  const planText = probe.read(planPath) ?? '%syntax-version=1.0.0\n';
  const project = /^%project=(\S+)/m.exec(planText)?.[1] ?? path.basename(path.resolve(top));
  const planner = [...planText.matchAll(new RegExp(PLANNER_RE.source, 'g'))].at(-1)?.[1]?.trim() ?? 'migrationlint <migrationlint@localhost>';
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const script = (kind: string, verb: string, body: string, end: string) => ({
    file: path.join(top, kind, `${slug}.sql`),
    text: `-- ${verb} ${project}:${slug} ${kind === 'deploy' ? 'to' : kind === 'revert' ? 'from' : 'on'} pg\n\nBEGIN;\n\n-- XXX ${body}\n\n${end};\n`,
  });
  return {
    version: String(migrations.length + 1),
    layout: 'plain',
    create: [script('deploy', 'Deploy', 'Add DDLs here.', 'COMMIT'), script('revert', 'Revert', 'Add DDLs here.', 'COMMIT'), script('verify', 'Verify', 'Add verifications here.', 'ROLLBACK')],
    update: [{ file: planPath, text: `${planText}${planText.endsWith('\n') ? '' : '\n'}${slug} ${stamp} ${planner} # ${slug.replace(/_/g, ' ')}\n` }],
  };
}
