// Under `runner: auto`: which runner a file belongs to, and a problem when two runners' own
// files or markers both claim it.
import path from 'node:path';
import { problem } from '../discover/part.js';
import type { DiscoveryProblem, SourceText } from '../types.js';
import { extensionOfPath, isHostFile, runnerReadsExtension } from './extensions.js';
import { runners } from './index.js';
import type { Evidence, Probe, RunnerModule } from './types.js';

const STRENGTH: Record<Evidence['strength'], number> = { metadata: 3, marker: 2, naming: 1 };

export interface Detected {
  runner: RunnerModule;
  problem?: DiscoveryProblem;
}

const readers = new Map<string, readonly RunnerModule[]>();

/** The runners that read files of this extension, in registry order. */
function readersOf(extension: string): readonly RunnerModule[] {
  let found = readers.get(extension);
  if (!found) readers.set(extension, (found = runners.filter((runner) => runnerReadsExtension(runner, extension))));
  return found;
}

/** Undefined: no runner that reads files of this extension claims it (a helper module beside ORM migrations). */
export function detectRunner(file: SourceText, probe: Probe): Detected | undefined {
  const claims: Array<{ runner: RunnerModule; evidence: Evidence }> = [];
  for (const runner of readersOf(extensionOfPath(file.path))) {
    const evidence = runner.detect(file, probe);
    if (evidence) claims.push({ runner, evidence });
  }
  // Stable: between equal strengths the registry order stands.
  if (claims.length > 1) claims.sort((a, b) => STRENGTH[b.evidence.strength] - STRENGTH[a.evidence.strength]);
  const [first, second] = claims;
  if (!first) {
    if (isHostFile(file.path)) return undefined;
    throw new Error(`no runner claims ${file.path}`);
  }
  if (!second || second.evidence.strength === 'naming') return { runner: first.runner };
  const span = second.evidence.span ?? first.evidence.span ?? { start: 0, end: 0 };
  const message =
    `${path.basename(file.path)} has the files or markers of two runners: ${first.runner.title} (${first.evidence.what}) and ${second.runner.title} (${second.evidence.what}); ` +
    `read as ${first.runner.title} — set \`runner\` in the config to say which one runs it`;
  return { runner: first.runner, problem: problem(file.path, 'invalid-file', message, span) };
}
