// The language server keeps what the migrations after the edited file record for fk-missing-index
// withdrawal (the indexes they create and drop) while the set's up sections replay alike. Whatever
// is typed — a comment, a statement that changes what a later index lands on, an edit of the later
// migration itself — the file's findings must stay those of a whole-set `migrationlint lint` with
// the same buffers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { lint } from '../../src/lint.js';
import { Workspace } from '../../src/lsp/workspace.js';
import { loadParser } from '../../src/parse.js';
import type { Finding } from '../../src/types.js';

beforeAll(() => loadParser());

const root = mkdtempSync(join(tmpdir(), 'mlint-later-indexes-'));
const file = (n: number) => join(root, 'migrations', `${String(n).padStart(3, '0')}_step.sql`);
mkdirSync(join(root, 'migrations'));
writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ migrations: ['migrations'] }));
const LATER_INDEX = 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n';
/** Records a dropped foreign key only when an earlier migration added it. */
const LATER_DROP = 'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_client_fk;\n';
for (let n = 1; n <= 30; n++) {
  const sql =
    n === 1
      ? 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, client_id bigint);\n'
      : n === 20
        ? LATER_INDEX
        : n === 25
          ? LATER_DROP
          : `CREATE TABLE t_${n} (id bigint PRIMARY KEY);\n`;
  writeFileSync(file(n), sql);
}

const FK = 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\n';
const FK_CLIENT = 'ALTER TABLE orders ADD CONSTRAINT orders_client_fk FOREIGN KEY (client_id) REFERENCES customers (id);\n';
/** Buffers in the order an editor would hold them: typing into 005, 007 opened, the later migrations edited and reverted. */
const STEPS: Array<{ lint: number; buffers: Array<[number, string]> }> = [
  { lint: 5, buffers: [] },
  { lint: 5, buffers: [[5, FK]] },
  { lint: 5, buffers: [[5, `${FK}-- typed`]] },
  { lint: 5, buffers: [[5, `-- a note\n${FK}-- typed more`]] },
  // An index of the later one's name already stands: the later CREATE INDEX creates nothing.
  { lint: 5, buffers: [[5, `CREATE INDEX orders_customer_idx ON orders (client_id);\n${FK}`]] },
  { lint: 5, buffers: [[5, `${FK}-- back`]] },
  { lint: 7, buffers: [[5, `${FK}-- back`], [7, FK_CLIENT]] },
  { lint: 7, buffers: [[5, `${FK}-- back`], [7, `${FK_CLIENT}-- typed`]] },
  // The later migration itself edited: its index is gone, then back.
  { lint: 5, buffers: [[5, FK], [20, 'SELECT 1;\n']] },
  { lint: 5, buffers: [[5, `${FK}\n`], [20, 'SELECT 1;\n']] },
  { lint: 5, buffers: [[5, FK], [20, `${LATER_INDEX}-- typed`]] },
  { lint: 5, buffers: [[5, FK], [20, 'CREATE INDEX CONCURRENTLY orders_client_idx ON orders (client_id);\n']] },
  { lint: 7, buffers: [[5, FK], [7, FK_CLIENT], [20, 'CREATE INDEX CONCURRENTLY orders_client_idx ON orders (client_id);\n']] },
  { lint: 7, buffers: [[5, FK], [7, FK_CLIENT], [25, 'SELECT 1;\n']] },
  { lint: 7, buffers: [[5, FK], [7, `${FK_CLIENT}\n`], [25, 'SELECT 1;\n']] },
  // 007 indexes 005's column: linting 005 after 007 needs what 006 and 007 record too.
  { lint: 7, buffers: [[5, FK], [7, `${FK_CLIENT}CREATE INDEX CONCURRENTLY orders_customer_2 ON orders (customer_id);\n`], [20, 'SELECT 1;\n']] },
  { lint: 5, buffers: [[5, FK], [7, `${FK_CLIENT}CREATE INDEX CONCURRENTLY orders_customer_2 ON orders (customer_id);\n`], [20, 'SELECT 1;\n']] },
  { lint: 5, buffers: [] },
];

const comparable = (f: Finding) => ({ ruleId: f.ruleId, message: f.message, span: f.span, suppressed: f.suppressed });

describe('language server, indexes of later migrations', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('withdraws the findings a whole-set lint withdraws, edit after edit', async () => {
    const config = await loadConfig({ cwd: root });
    const workspace = new Workspace({ folders: [root] });
    const seen = new Set<string>();
    for (const [k, step] of STEPS.entries()) {
      const buffers = new Map(step.buffers.map(([n, text]) => [file(n), text]));
      const linted = file(step.lint);
      const expected = (await lint({ cwd: root, config, overrides: new Map(buffers) })).findings.filter((f) => f.file === linted).map(comparable);
      const result = await workspace.lintFile(linted, buffers);
      expect(result.findings.map(comparable), `step ${k}`).toEqual(expected);
      seen.add(`${step.lint}:${expected.some((f) => f.ruleId === 'fk-missing-index')}`);
    }
    // The later index mattered: each file's foreign key was both withdrawn and reported along the way.
    expect([...seen].sort()).toEqual(['5:false', '5:true', '7:false', '7:true']);
  });
});
