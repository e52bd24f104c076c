// Temporary git repositories for the --staged / --changed-since / pre-commit tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GitRepo {
  dir: string;
  write(files: Record<string, string>): void;
  git(...args: string[]): string;
  /** Runs git without throwing: the exit code and everything it printed (hooks included). */
  tryGit(...args: string[]): { code: number; output: string };
}

const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', NO_COLOR: '1' };

export function gitRepo(files: Record<string, string> = {}): GitRepo {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-git-'));
  const repo: GitRepo = {
    dir,
    write(more) {
      for (const [name, text] of Object.entries(more)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
    },
    git: (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }),
    tryGit(...args) {
      const run = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
      return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
    },
  };
  repo.git('init', '-q', '-b', 'main');
  repo.git('config', 'commit.gpgsign', 'false');
  repo.write(files);
  return repo;
}
