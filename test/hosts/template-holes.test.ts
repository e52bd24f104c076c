// SQL templates with holes whose values are unknown statically (src/hosts/holes.ts), through the CLI:
// a hole between statements is one dynamic operation and the statements around it are linted; holes
// where values go are bound as parameters (resolved "with dynamic values"); any other hole leaves the
// call unresolved; and no finding comes from a stand-in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-holes-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Entry {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number }>;
  coverage?: { resolved: number; total: number; unresolved: Array<{ line: number; column: number; reason: string }>; dynamicValues?: Array<{ line: number; column: number; reason: string }> };
}

function lint(dir: string, files: Record<string, string>): { entries: Map<string, Entry>; stderr: string } {
  const base = path.join(root, dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(base, name)), { recursive: true });
    fs.writeFileSync(path.join(base, name), text);
  }
  const run = runCli(['lint', '-f', 'json', 'migrations'], { cwd: base });
  const stylish = runCli(['lint', 'migrations'], { cwd: base });
  return { entries: new Map((JSON.parse(run.stdout) as Entry[]).map((e) => [path.basename(e.filePath), e])), stderr: stylish.stderr };
}

const found = (e: Entry | undefined) => (e?.messages ?? []).map((m) => `${m.ruleId}@${m.line}:${m.column}`);

const mikro = (body: string) => `import { Migration } from "@mikro-orm/migrations"
import { helper } from "some-package"

export class Migration20240101000000 extends Migration {
  async up(): Promise<void> {
${body}
  }
}
`;

describe('template holes', () => {
  it('a hole standing between statements: the literal statements are linted, the hole is one dynamic operation', () => {
    const { entries, stderr } = lint('between', {
      'migrations/Migration20240101000000.ts': mikro(`    this.addSql(\`
CREATE TABLE "t" ("id" int PRIMARY KEY);
\${helper("t", ["a"], "DROP NOT NULL")}
CREATE INDEX "t_id" ON "t" ("id");
\`)`),
    });
    const e = entries.get('Migration20240101000000.ts');
    expect(e?.coverage).toEqual({ resolved: 2, total: 3, unresolved: [{ line: 8, column: 1, reason: '${helper(…)} — SQL built by a helper function' }] });
    expect(found(e)).toContain('prefer-bigint-over-int@7:24');
    expect(stderr).toContain('migrations: analysed 2 of 3 SQL operations; 1 dynamic: migrations/Migration20240101000000.ts:8');
  });

  it('holes where values go are bound as parameters: resolved with dynamic values; a hole naming an identifier stays unresolved', () => {
    const { entries, stderr } = lint('values', {
      'migrations/Migration20240101000000.ts': mikro(`    for (const id of [1, 2]) this.addSql(\`UPDATE "t" SET "slug" = '\${id}-x' WHERE "id" = \${id}\`)
    this.addSql(\`ALTER TABLE "\${table}" ADD COLUMN "c" int\`)
    this.addSql(\`ALTER TABLE "t" ADD COLUMN "d" text DEFAULT '\${label}'\`)
    this.addSql(\`ALTER TABLE "t" ADD COLUMN "e" uuid DEFAULT \${expression}\`)`),
    });
    const e = entries.get('Migration20240101000000.ts');
    expect(e?.coverage?.dynamicValues?.map((d) => `${d.line}:${d.column} ${d.reason}`)).toEqual(['6:67 values ${id}, ${id} bound as parameters', '8:62 values ${label} bound as parameters']);
    // The identifier hole, and a bare hole in a DEFAULT (it may be a volatile expression: a parameter would read as a constant).
    expect(e?.coverage?.unresolved.map((u) => `${u.line} ${u.reason}`)).toEqual(['7 this.addSql(a template hole ${table})', '9 this.addSql(a template hole ${expression})']);
    expect(e?.coverage).toMatchObject({ resolved: 2, total: 4 });
    // No finding from a stand-in: the quoted default is a constant string, as the real value is.
    expect(found(e).filter((f) => f.startsWith('adding-field-with-default'))).toEqual([]);
    expect(stderr).toContain('analysed 2 of 4 SQL operations (2 with dynamic values); 2 dynamic');
  });

  it('Alembic: an f-string filling values is linted with parameters; one filling a table name stays unresolved', () => {
    const { entries } = lint('alembic', {
      'migrations/versions/0001_a.py': `"""a"""
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    conn = op.get_bind()
    for r in conn.execute("select id, name from t").fetchall():
        conn.execute(f"UPDATE t SET slug = '{r[1]}' WHERE id = {r[0]}")
        conn.execute(f"UPDATE t SET n = {r[0]}")
    for name in ["a", "b"]:
        op.execute(f"ALTER TABLE {name} ADD COLUMN c int")


def downgrade():
    pass
`,
    });
    const e = entries.get('0001_a.py');
    expect(e?.coverage?.dynamicValues?.map((d) => `${d.line}:${d.column} ${d.reason}`)).toEqual(['11:44 values {r[1]}, {r[0]} bound as parameters', '12:41 values {r[0]} bound as parameters']);
    expect(e?.coverage?.unresolved.map((u) => `${u.line} ${u.reason}`)).toEqual(['14 f-string hole with a non-constant value']);
    // The shape is linted: the second UPDATE has no WHERE; the first has one (through its parameter).
    expect(found(e).filter((f) => f.startsWith('ban-update-without-where'))).toEqual(['ban-update-without-where@12:31']);
  });
});
