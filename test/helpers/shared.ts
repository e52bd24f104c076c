// ../shared (the real-migration corpus) exists on developer machines and in CI, not in a
// user's clone: tests that need it skip with a message when it is absent, and fail in CI.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export const corpusDir = join(repoRoot, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(corpusDir);
export const inCI = process.env.CI === 'true';

export function requireCorpus(): boolean {
  if (hasCorpus) return true;
  if (inCI) throw new Error(`CI=true but the shared corpus is missing at ${corpusDir}`);
  console.warn(`skipping: shared corpus not found at ${corpusDir}`);
  return false;
}

/** ../shared/corpus-runners: one real history per runner or ORM (each with SOURCE.txt). */
export const corpusRunnersDir = join(repoRoot, '..', 'shared', 'corpus-runners');
