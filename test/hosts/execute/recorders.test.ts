// Each ORM's recording driver through the CLI, with the ORM installed as a devDependency of this
// repository (config orm.modulesDir points there, as it would at a project's node_modules): a call
// the static reading cannot resolve (a loop, a template hole, a helper function) is linted under
// --orm-execute as the SQL the ORM sent, at the call in up; without the flag it stays unresolved.
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../helpers/cli.js';
import { removeTempProjects, tempProject } from '../../helpers/temp-project.js';

afterAll(removeTempProjects);

interface JsonEntry {
  messages: { ruleId: string; line: number; column: number; message: string }[];
  coverage?: { resolved: number; total: number };
}

function lintBoth(prefix: string, files: Record<string, string>) {
  const dir = tempProject(prefix, { migrations: ['migrations'], orm: { modulesDir: repoRoot } }, files);
  const run = (flags: string[]) => {
    const result = runCli(['lint', '-f', 'json', ...flags], { cwd: dir });
    expect(result.stderr).not.toContain('orm.execute:');
    const [entry] = JSON.parse(result.stdout) as JsonEntry[];
    return { coverage: entry!.coverage, findings: entry!.messages.map((m) => `${m.ruleId} ${m.line}:${m.column}`) };
  };
  return { statically: run([]), executed: run(['--orm-execute']) };
}

const CREATE_INDEX = 'require-concurrent-index-creation';

describe('orm.execute recording drivers', () => {
  it('Knex: an index built in a loop is linted as the SQL knex sent, at the alterTable call', () => {
    const { statically, executed } = lintBoth('exec-knex', {
      'migrations/20240101000000_idx.js': `exports.up = async function (knex) {
  for (const column of ['status', 'placed_at']) {
    await knex.schema.alterTable('orders', (t) => {
      t.index(column);
    });
  }
};
exports.down = (knex) => knex.schema.alterTable('orders', (t) => t.dropIndex('status'));
`,
    });
    expect(statically.coverage).toEqual({ resolved: 1, total: 2, unresolved: [{ line: 4, column: 7, reason: 'dynamic index columns' }] });
    expect(statically.findings.filter((f) => f.startsWith(CREATE_INDEX))).toEqual([]);
    expect(executed.coverage).toEqual({ resolved: 2, total: 2, unresolved: [] });
    expect(executed.findings.filter((f) => f.startsWith(CREATE_INDEX))).toEqual([`${CREATE_INDEX} 4:7`, `${CREATE_INDEX} 4:7`]);
  });

  it('TypeORM (.ts through the project typescript, source-mapped): a template hole in queryRunner.query', () => {
    const { statically, executed } = lintBoth('exec-typeorm', {
      'migrations/1700000000000-Idx.ts': `import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class Idx1700000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    const column: string = ['st', 'atus'].join('');
    await queryRunner.query(\`CREATE INDEX "IDX_orders_status" ON "orders" ("\${column}")\`);
    await queryRunner.createTable(new Table({ name: 'items', columns: [{ name: 'id', type: 'int', isPrimary: true }] }));
    await queryRunner.addColumn('items', { name: 'qty', type: 'int', isNullable: false } as never);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`DROP INDEX "IDX_orders_status"\`);
  }
}
`,
    });
    expect(statically.coverage?.resolved).toBeLessThan(statically.coverage!.total);
    expect(executed.coverage).toEqual({ resolved: 4, total: 4, unresolved: [] });
    expect(statically.findings.filter((f) => f.startsWith(CREATE_INDEX))).toEqual([]);
    expect(executed.findings).toContain(`${CREATE_INDEX} 6:11`);
  });

  it('Sequelize: an index added by a helper function of the file, attributed to the helper call in up', () => {
    const { statically, executed } = lintBoth('exec-sequelize', {
      'migrations/20240101000000-idx.js': `'use strict';
async function addIndexes(queryInterface, table, columns) {
  for (const column of columns) await queryInterface.addIndex(table, [column]);
}
module.exports = {
  async up(queryInterface) {
    await addIndexes(queryInterface, 'orders', ['status']);
  },
  async down(queryInterface) {
    await queryInterface.removeIndex('orders', ['status']);
  },
};
`,
    });
    expect(statically.coverage).toMatchObject({ resolved: 1, total: 2 });
    expect(executed.coverage).toEqual({ resolved: 2, total: 2, unresolved: [] });
    expect(executed.findings).toContain(`${CREATE_INDEX} 7:11`);
  });

  it('node-pg-migrate: the MigrationBuilder of the package renders pgm calls made in a loop', () => {
    const { statically, executed } = lintBoth('exec-npm', {
      'migrations/1700000000000_idx.ts': `import { MigrationBuilder } from 'node-pg-migrate';

export async function up(pgm: MigrationBuilder): Promise<void> {
  for (const column of ['status', 'placed_at']) {
    pgm.createIndex('orders', column);
  }
}

export async function down(pgm: MigrationBuilder): Promise<void> {
  pgm.dropIndex('orders', 'status');
}
`,
    });
    expect(statically.coverage).toMatchObject({ resolved: 1, total: 2 });
    expect(executed.coverage).toEqual({ resolved: 2, total: 2, unresolved: [] });
    expect(executed.findings.filter((f) => f.startsWith(CREATE_INDEX))).toEqual([`${CREATE_INDEX} 5:5`, `${CREATE_INDEX} 5:5`]);
  });

  it('Kysely: a schema builder chain with a computed name, compiled by the PostgreSQL query compiler', () => {
    const { statically, executed } = lintBoth('exec-kysely', {
      'migrations/2024_01_01_idx.ts': `import { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['status']) {
    await db.schema.createIndex(\`orders_\${column}_idx\`).on('orders').column(column).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('orders_status_idx').execute();
}
`,
    });
    expect(statically.coverage).toMatchObject({ resolved: 1, total: 2 });
    expect(executed.coverage).toEqual({ resolved: 2, total: 2, unresolved: [] });
    expect(executed.findings).toContain(`${CREATE_INDEX} 5:11`);
  });
});
