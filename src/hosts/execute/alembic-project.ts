// Where a set of revisions runs from, as the `alembic` command would run it: the directory of the
// alembic.ini above the revisions (its working directory) with the ini's `prepend_sys_path` on
// sys.path, plus a `src/` directory above the revisions (the src layout: `from app.models import …`).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AlembicProject {
  cwd: string;
  sysPath: string[];
}

const ancestors = (dir: string, levels: number) => {
  const out = [dir];
  while (out.length <= levels && path.dirname(out[out.length - 1]!) !== out[out.length - 1]) out.push(path.dirname(out[out.length - 1]!));
  return out;
};

/** `prepend_sys_path = .` (Alembic's template): entries separated by spaces or commas, relative to the ini. */
function prependSysPath(ini: string): string[] {
  const line = /^prepend_sys_path\s*=\s*(.*)$/m.exec(readFileSync(ini, 'utf8'))?.[1]?.trim();
  return line ? line.split(/[\s,]+/).filter(Boolean).map((p) => path.resolve(path.dirname(ini), p)) : [];
}

export function alembicProject(projectDir: string): AlembicProject {
  const up = ancestors(projectDir, 6);
  const ini = up.map((dir) => path.join(dir, 'alembic.ini')).find((p) => existsSync(p));
  const cwd = ini ? path.dirname(ini) : projectDir;
  const src = up.find((dir) => path.basename(dir) === 'src');
  return { cwd, sysPath: [...new Set([...(ini ? prependSysPath(ini) : []), cwd, ...(src ? [src] : []), projectDir])] };
}
