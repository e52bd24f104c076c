// A throwaway project on disk for the verify tests: migrations, a config whose embedded PGlite
// data directory lives in the project, and cleanup.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveConfig, type ResolvedConfig } from '../../src/config.js';
import type { ConfigInput } from '../../src/config-schema.js';

export interface Project {
  dir: string;
  config: ResolvedConfig;
  write(files: Record<string, string>): void;
  remove(): void;
}

export function makeProject(files: Record<string, string>, config: ConfigInput = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), 'mlverify-'));
  const input: ConfigInput = { migrations: ['migrations'], ...config, apply: { dataDir: '.migrationlint/db', lockWait: 5, ...config.apply } };
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify(input));
  const project: Project = {
    dir,
    config: resolveConfig(input, join(dir, '.migrationlintrc.json'), dir),
    write(more) {
      for (const [name, text] of Object.entries(more)) {
        const file = join(dir, 'migrations', name);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  project.write(files);
  return project;
}
