// A CONCURRENTLY fix is offered only when the migration still runs, unmixed, under its runner's
// transaction model — and the three ways fixes reach people agree, because the finding carries
// the fix or not: `lint --fix`, SARIF `fixes`, the language server's quick fix.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { WrapMode } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { MODEL_LAYOUTS, writeModelSets } from '../helpers/tx-model-sets.js';
import { LspClient } from '../lsp/client.js';

const MIGRATIONS = [
  'CREATE TABLE orders (id bigint, note text);',
  // Beside other work: under the engine it would then run without its transaction; in one query or run it fails.
  'ALTER TABLE orders ADD COLUMN x text;\nCREATE INDEX orders_note_idx ON orders (note);',
  // Alone: fine where a lone statement runs outside a transaction.
  'CREATE INDEX orders_id_idx ON orders (id);',
];

/** Per model: is "Add CONCURRENTLY" offered on migration 2, and on migration 3? */
const OFFERED: Array<[WrapMode, boolean, boolean]> = [
  ['implicit', false, true],
  ['whole-run', false, false],
  ['auto', false, true],
];

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; fixes?: unknown[] }> }>;
}

const dirs: string[] = [];
let client: LspClient | undefined;
afterEach(async () => {
  if (client) await client.stop();
  client = undefined;
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(OFFERED)('%s', (model, second, third) => {
  const layout = MODEL_LAYOUTS.find((l) => l.model === model)!;
  const setUp = () => {
    const { dir, files } = writeModelSets(layout, new Map([['migrations', MIGRATIONS]]));
    dirs.push(dir);
    return { dir, files: files.get('migrations')! };
  };
  const expected = [second, third];

  it('SARIF carries the fix exactly where it is safe', () => {
    const { dir, files } = setUp();
    const log = JSON.parse(runCli(['lint', '-f', 'sarif'], { cwd: dir }).stdout) as SarifLog;
    const results = log.runs[0].results.filter((r) => r.ruleId === 'require-concurrent-index-creation');
    const offered = files.slice(1).map((file) => results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri.endsWith(file) && (r.fixes?.length ?? 0) > 0));
    expect(results).toHaveLength(2);
    expect(offered).toEqual(expected);
  });

  it('lint --fix --fix-all adds CONCURRENTLY exactly there', () => {
    const { dir, files } = setUp();
    runCli(['lint', '--fix', '--fix-all'], { cwd: dir });
    expect(files.slice(1).map((f) => readFileSync(path.join(dir, f), 'utf8').includes('CREATE INDEX CONCURRENTLY'))).toEqual(expected);
  });

  it('the language server offers the quick fix exactly there', async () => {
    const { dir, files } = setUp();
    client = await LspClient.start({ root: dir, pull: true });
    const offered: boolean[] = [];
    for (const rel of files.slice(1)) {
      const file = path.join(dir, rel);
      await client.open(file, readFileSync(file, 'utf8'));
      const finding = (await client.pull(file)).items.find((d) => d.code === 'require-concurrent-index-creation')!;
      const actions = await client.codeActions(file, finding.range, [finding]);
      offered.push(actions.some((a) => a.title.startsWith('Add CONCURRENTLY')));
    }
    expect(offered).toEqual(expected);
  });
});
