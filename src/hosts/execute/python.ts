// The Python interpreter that runs a project's Alembic revisions: $MIGRATIONLINT_PYTHON when set,
// else the first that can import alembic and sqlalchemy of the project's virtualenv (.venv/ or
// venv/ in the project or above it), `python3` on PATH and /usr/bin/python3.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export type PythonChoice = { python: string; alembic: string } | { unavailable: string };

const PROBE = 'import alembic, sqlalchemy; print(alembic.__version__)';
const PROBE_TIMEOUT_MS = 15_000;

function candidates(projectDir: string): string[] {
  const configured = process.env.MIGRATIONLINT_PYTHON;
  if (configured) return [configured];
  const venvs: string[] = [];
  for (let dir = projectDir, up = 0; up <= 6 && venvs.length === 0; up++, dir = path.dirname(dir)) {
    venvs.push(...['.venv', 'venv'].map((venv) => path.join(dir, venv, 'bin', 'python')).filter((p) => existsSync(p)));
  }
  return [...new Set([...venvs, 'python3', '/usr/bin/python3'])];
}

function probe(python: string, cwd: string): Promise<{ alembic: string } | { error: string }> {
  return new Promise((resolve) => {
    execFile(python, ['-c', PROBE], { cwd, timeout: PROBE_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (!error) return resolve({ alembic: stdout.trim() });
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'not found' : (/No module named '[^']+'/.exec(stderr)?.[0] ?? (error.killed ? 'timed out' : `exit ${String(code)}`));
      resolve({ error: why });
    });
  });
}

const chosen = new Map<string, Promise<PythonChoice>>();

/** The interpreter for a project (probed once per directory and process). */
export function pythonFor(projectDir: string): Promise<PythonChoice> {
  let choice = chosen.get(projectDir);
  if (!choice) {
    choice = (async () => {
      const tried: string[] = [];
      for (const python of candidates(projectDir)) {
        const found = await probe(python, projectDir);
        if ('alembic' in found) return { python, alembic: found.alembic };
        tried.push(`${python} (${found.error})`);
      }
      return { unavailable: `alembic cannot be imported by ${tried.join(', ')}; set MIGRATIONLINT_PYTHON to the project's Python` };
    })();
    chosen.set(projectDir, choice);
  }
  return choice;
}
