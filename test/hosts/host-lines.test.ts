// Messages that name a line ("until the end of the transaction after line N", "its COMMIT on line N",
// "(line N)") name the host file's line on ORM migrations — the call or the literal — not a line of
// the SQL the calls send. Through the CLI, on a .py (Alembic) and .ts (Knex, Sequelize) migration.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerFixture } from '../helpers/runner-set.js';
import { jsonReport } from '../runners/js-report.js';

const dirs: string[] = [];

function project(runner: string, file: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `ml-host-lines-${runner}-`));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', runner }));
  writeFileSync(path.join(dir, 'migrations', file), text);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const messages = (dir: string, file: string, rule: string, args: string[] = []) =>
  (jsonReport(dir, args).entries.get(file)?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => `${m.line}:${m.column} ${m.message}`);

describe('line numbers in messages on ORM migration files', () => {
  it('.py (Alembic): the line of the op.execute that ends the transaction, and of the alter_column that took the lock', () => {
    const dir = runnerFixture('alembic-py/shop');
    // op.alter_column (line 14) takes ACCESS EXCLUSIVE, op.execute("UPDATE …") (line 16) is the last call of upgrade().
    expect(messages(dir, 'versions/a3f9_orders_constraints.py', 'long-lock-hold', ['.'])).toEqual([
      '14:5 The SET NOT NULL takes ACCESS EXCLUSIVE on orders, and the transaction holds it until the end of the transaction after line 16: 2 more statements that take time run meanwhile, while every read and write of orders waits.',
    ]);
    expect(messages(dir, 'versions/a3f9_orders_constraints.py', 'backfill-in-ddl-transaction', ['.'])).toEqual([
      '16:17 UPDATE backfills orders in the transaction of its SET NOT NULL (line 14), whose ACCESS EXCLUSIVE lock is held until commit: reads and writes of orders wait for the whole backfill.',
    ]);
  });

  it('.ts (Knex): the line where the UPDATE of a multi-line knex.raw template ends', () => {
    const dir = project(
      'knex',
      '20240101000000_orders_note.ts',
      `import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("orders", (t) => {
    t.text("note");
  });
  await knex.raw(\`
    UPDATE orders
    SET note = 'x'
  \`);
}
`,
    );
    expect(messages(dir, 'migrations/20240101000000_orders_note.ts', 'long-lock-hold')).toEqual([
      '5:5 The ADD COLUMN takes ACCESS EXCLUSIVE on orders, and the transaction holds it until the end of the transaction after line 9: 1 more statement that takes time runs meanwhile, while every read and write of orders waits.',
    ]);
  });

  it('.ts (Sequelize): the COMMIT of sequelize.transaction(…) is the line where its call ends', () => {
    const dir = project(
      'sequelize',
      '20240101000000-orders-note.ts',
      `import type { QueryInterface } from 'sequelize';

module.exports = {
  async up(queryInterface: QueryInterface) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query('ALTER TABLE "Orders" ADD COLUMN "note" text', { transaction });
      await queryInterface.sequelize.query(\`UPDATE "Orders" SET "note" = 'x'\`, { transaction });
    });
  },
};
`,
    );
    const file = 'migrations/20240101000000-orders-note.ts';
    expect(messages(dir, file, 'long-lock-hold')).toEqual([
      '6:45 The ADD COLUMN takes ACCESS EXCLUSIVE on Orders, and the transaction holds it until its COMMIT on line 8: 1 more statement that takes time runs meanwhile, while every read and write of Orders waits.',
    ]);
    expect(messages(dir, file, 'backfill-in-ddl-transaction')[0]).toContain('of its ADD COLUMN (line 6)');
  });
});
