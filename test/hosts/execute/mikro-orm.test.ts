// MikroORM under --orm-execute: the migration class run with the recording driver. The project has
// no @mikro-orm/migrations (a stand-in Migration class is provided for that import) but has the
// helper package its migrations import (a fixture `@medusajs/framework/utils` in the project's
// node_modules), so the helper's SQL and a loop's `this.execute(…)` are linted at their calls.
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../helpers/cli.js';
import { removeTempProjects, tempProject } from '../../helpers/temp-project.js';

afterAll(removeTempProjects);

interface JsonEntry {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; message: string }[];
  coverage?: { resolved: number; total: number };
}

const CREATE = `import { Migration } from "@mikro-orm/migrations"

export class Migration20240101000000 extends Migration {
  async up(): Promise<void> {
    this.addSql('create table if not exists "invite" ("id" text not null, "email" text null, "token" text null, constraint "invite_pkey" primary key ("id"));')
  }

  async down(): Promise<void> {
    this.addSql('drop table if exists "invite" cascade;')
  }
}
`;

const ALTER = `import { generatePostgresAlterColummnIfExistStatement } from "@medusajs/framework/utils"
import { Migration } from "@mikro-orm/migrations"

export class Migration20240214033943 extends Migration {
  async up(): Promise<void> {
    this.addSql(
      generatePostgresAlterColummnIfExistStatement("invite", ["email"], "SET NOT NULL")
    )
    for (const column of ["email", "token"]) {
      await this.execute(\`CREATE INDEX "IDX_invite_\${column}" ON "invite" (\${column})\`)
    }
  }
}
`;

const HELPER = `exports.generatePostgresAlterColummnIfExistStatement = (table, columns, alter) =>
  columns.map((c) => \`ALTER TABLE IF EXISTS "\${table}" ALTER COLUMN "\${c}" \${alter};\`).join("\\n");
`;

function lint(dir: string, flags: string[]) {
  const result = runCli(['lint', '-f', 'json', ...flags], { cwd: dir });
  const entries = JSON.parse(result.stdout) as JsonEntry[];
  const entry = entries.find((e) => e.filePath.endsWith('Migration20240214033943.ts'))!;
  return { stderr: result.stderr, coverage: entry.coverage, findings: entry.messages.map((m) => `${m.ruleId} ${m.line}:${m.column}`) };
}

describe('orm.execute: MikroORM', () => {
  const dir = tempProject('exec-mikro', { migrations: ['src/migrations'], orm: { modulesDir: repoRoot } }, {
    'src/migrations/Migration20240101000000.ts': CREATE,
    'src/migrations/Migration20240214033943.ts': ALTER,
    'node_modules/@medusajs/framework/package.json': '{ "name": "@medusajs/framework", "version": "0.0.0" }\n',
    'node_modules/@medusajs/framework/utils.js': HELPER,
  });

  it('statically: the helper call and the loop are unresolved', () => {
    const { coverage, findings } = lint(dir, []);
    expect(coverage).toEqual({ resolved: 0, total: 2, unresolved: [{ line: 6, column: 5, reason: expect.stringContaining("generatePostgresAlterColummnIfExistStatement()") }, { line: 10, column: 13, reason: expect.stringContaining('in a loop') }] });
    expect(findings.filter((f) => /adding-not-nullable-field|require-concurrent-index-creation/.test(f))).toEqual([]);
  });

  it('executed: the helper SQL and each execute() of the loop are linted at their calls', () => {
    const { stderr, coverage, findings } = lint(dir, ['--orm-execute']);
    expect(stderr).not.toContain('orm.execute:');
    expect(coverage).toEqual({ resolved: 2, total: 2, unresolved: [] });
    expect(findings).toContain('adding-not-nullable-field 6:5');
    expect(findings.filter((f) => f.startsWith('require-concurrent-index-creation'))).toEqual(['require-concurrent-index-creation 10:13', 'require-concurrent-index-creation 10:13']);
  });
});
