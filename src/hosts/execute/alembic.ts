// orm.execute for Alembic: runs the revisions through Alembic itself in offline mode
// (python/alembic_record.py, a child process of the project's Python: no database, no network,
// killed at the time limit) and returns the SQL each upgrade()/downgrade() emits at its call sites.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DiscoveryProblem, SourceText } from '../../types.js';
import { alembicProject } from './alembic-project.js';
import { addRecordedSection, parseRecordLine } from './alembic-record.js';
import { pythonFor } from './python.js';
import type { ExecutedMigration, Executor } from './types.js';

/** python/alembic_record.py of the package: found upward from src/hosts/execute, dist/src/hosts/execute or dist/bundle. */
function recorderScript(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    const candidate = join(dir, 'python', 'alembic_record.py');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

const problemFor = (file: SourceText, message: string): DiscoveryProblem => ({ file: file.path, ruleId: 'orm-execute-failed', message, span: { start: 0, end: 0 } });

/** Files the child did not finish: each says why; what it did not record keeps its static result. */
function unfinished(files: readonly SourceText[], results: Map<string, ExecutedMigration>, finished: ReadonlySet<string>, why: string): void {
  for (const file of files) {
    if (finished.has(file.path)) continue;
    const migration = results.get(file.path) ?? { problems: [] };
    migration.problems.push(problemFor(file, `orm.execute: ${why}; the static translation is linted`));
    results.set(file.path, migration);
  }
}

function run(python: string, script: string, files: readonly SourceText[], projectDir: string, timeoutMs: number): Promise<Map<string, ExecutedMigration>> {
  const results = new Map<string, ExecutedMigration>();
  const byPath = new Map(files.map((f) => [f.path, f]));
  return new Promise((resolve) => {
    const project = alembicProject(projectDir);
    const child = spawn(python, ['-X', 'utf8', script], { cwd: project.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    let done = false;
    const finished = new Set<string>();
    let timedOut = false;
    let stderr = '';
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString('utf8');
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const record = parseRecordLine(line);
      if (!record) return;
      if ('done' in record) done = true;
      else if ('end' in record) finished.add(record.end);
      else if ('section' in record) addRecordedSection(results, byPath, record);
    });
    const finish = (why?: string) => {
      clearTimeout(timer);
      if (why) unfinished(files, results, finished, why);
      resolve(results);
    };
    child.on('error', (error) => finish(`${python} could not be started (${error.message})`));
    child.on('close', (code) => {
      if (timedOut) return finish(`Alembic did not finish within ${timeoutMs} ms and was stopped`);
      if (done) return finish();
      const last = stderr.trim().split('\n').pop() ?? '';
      finish(`the Alembic recorder stopped (exit ${String(code)}${last ? `: ${last}` : ''})`);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify({ sysPath: project.sysPath, files: files.map((f) => f.path) }));
  });
}

export const alembicExecutor: Executor = {
  runner: 'alembic',
  async unavailable(projectDir) {
    const choice = await pythonFor(projectDir);
    if ('unavailable' in choice) return choice.unavailable;
    return recorderScript() ? undefined : 'python/alembic_record.py is missing from the migrationlint package';
  },
  async execute(files, { projectDir, timeoutMs }) {
    const revisions = files.filter((f) => f.path.endsWith('.py'));
    const choice = await pythonFor(projectDir);
    const script = recorderScript();
    if ('unavailable' in choice || !script) {
      const results = new Map<string, ExecutedMigration>();
      unfinished(revisions, results, new Set(), 'unavailable' in choice ? choice.unavailable : 'python/alembic_record.py is missing from the migrationlint package');
      return results;
    }
    if (revisions.length === 0) return new Map();
    return run(choice.python, script, revisions, projectDir, timeoutMs);
  },
};
