// The language server never runs a migration's code, even with orm.execute on in the config: a
// Knex migration that leaves a marker file when it is loaded is linted by `lint` (the marker then
// exists) and by the language server (no marker: it read the source only, as without the setting).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../helpers/cli.js';
import { removeTempProjects, tempProject } from '../../helpers/temp-project.js';
import { LspClient } from '../../lsp/client.js';

afterAll(removeTempProjects);

let client: LspClient | undefined;
afterEach(async () => {
  if (client) expect(await client.stop()).toBe(0);
  client = undefined;
});

const MIGRATION = `require('node:fs').writeFileSync(require('node:path').join(__dirname, '..', 'loaded.marker'), 'ran');
exports.up = async function (knex) {
  for (const column of ['status']) {
    await knex.schema.alterTable('orders', (t) => {
      t.index(column);
    });
  }
  await knex.schema.alterTable('orders', (t) => {
    t.index('placed_at');
  });
};
`;

describe('orm.execute and the language server', () => {
  it('the language server lints the static translation and loads no migration module, whatever orm.execute says', async () => {
    const dir = tempProject('exec-lsp', { migrations: ['migrations'], orm: { execute: true, modulesDir: repoRoot } }, { 'migrations/20240101000000_idx.js': MIGRATION });
    const file = path.join(dir, 'migrations/20240101000000_idx.js');
    const marker = path.join(dir, 'loaded.marker');

    const cli = runCli(['lint', '-f', 'json'], { cwd: dir });
    expect(readFileSync(marker, 'utf8')).toBe('ran');
    const executed = (JSON.parse(cli.stdout) as { messages: { ruleId: string; line: number }[] }[])[0]!.messages.filter((m) => m.ruleId === 'require-concurrent-index-creation');
    expect(executed.map((m) => m.line)).toEqual([5, 9]);
    rmSync(marker);

    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, MIGRATION);
    const { items } = await client.pull(file);
    expect(items.filter((d) => d.code === 'require-concurrent-index-creation').map((d) => d.range.start.line + 1)).toEqual([9]);
    expect(existsSync(marker)).toBe(false);
  });
});
