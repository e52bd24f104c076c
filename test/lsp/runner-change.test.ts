// The language server keeps each directory's runner detection for as long as the set it read from
// disk: a marker typed into a buffer must still change the file's runner at once, and a runner's
// file appearing beside the set must change it once the disk change is told (invalidate).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/lsp/workspace.js';

const IN_TRANSACTION = 'ban-concurrent-index-creation-in-transaction';
const INDEX = 'CREATE INDEX CONCURRENTLY orders_id ON orders (id);\n';

describe('language server: runner detection kept per set', () => {
  it('sees a marker typed into a buffer, and a runner file that appears on disk after invalidate', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlint-runner-change-'));
    mkdirSync(join(root, 'db'));
    writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['db'] }));
    writeFileSync(join(root, 'db/001_orders.sql'), 'CREATE TABLE orders (id bigint);\n');
    const file = join(root, 'db/002_index.sql');
    writeFileSync(file, INDEX);
    const workspace = new Workspace({ folders: [root] });
    const rules = async (buffers: Map<string, string>) => (await workspace.lintFile(file, buffers)).findings.map((f) => f.ruleId);

    // migrationlint's own engine runs CONCURRENTLY outside a transaction.
    expect(await rules(new Map())).not.toContain(IN_TRANSACTION);
    // A goose marker makes it a goose migration, which runs in one.
    expect(await rules(new Map([[file, `-- +goose Up\n${INDEX}`]]))).toContain(IN_TRANSACTION);
    expect(await rules(new Map([[file, INDEX]]))).not.toContain(IN_TRANSACTION);

    // atlas.sum beside the files: Atlas's migrations, each run in a transaction.
    writeFileSync(join(root, 'db/atlas.sum'), 'h1:x=\n');
    workspace.invalidate();
    expect(await rules(new Map())).toContain(IN_TRANSACTION);
  });
});
