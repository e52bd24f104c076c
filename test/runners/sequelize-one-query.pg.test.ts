// A Sequelize `queryInterface.sequelize.query('A; B')` string goes to the server as one simple query
// (the pg driver with no bind parameters), which PostgreSQL runs as one implicit transaction: a
// CONCURRENTLY statement in it fails with 25001 although sequelize-cli opens no transaction. Shown
// on PostgreSQL 15 through the pg driver, then linted through the CLI.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer, startPostgres, type StartResult } from '../helpers/postgres.js';
import { jsonReport } from './js-report.js';

const TABLE = 'CREATE TABLE "Orders" (id serial PRIMARY KEY, status text)';
// The up query: two statements in one string, the second CONCURRENTLY.
const UP_SQL = `
      ALTER TABLE "Orders" ADD COLUMN "note" text;
      CREATE INDEX CONCURRENTLY "orders_note" ON "Orders" ("note");
    `;
const MIGRATION = `'use strict';

module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query(\`${UP_SQL}\`);
  },

  async down(queryInterface) {
    await queryInterface.sequelize.query('DROP INDEX CONCURRENTLY "orders_note"');
    await queryInterface.removeColumn('Orders', 'note');
  },
};
`;

let started: StartResult | undefined;
let client: pg.Client | undefined;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ml-sequelize-one-query-'));
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', runner: 'sequelize' }));
  writeFileSync(path.join(dir, 'migrations', '20240101090000-create-orders.js'), `module.exports = { up: (q) => q.sequelize.query('${TABLE}') };\n`);
  writeFileSync(path.join(dir, 'migrations', '20240102090000-orders-note.js'), MIGRATION);
  started = await startPostgres();
  if (!('server' in started)) return;
  const database = new URL(await started.server.createDatabase('oneq')).pathname.slice(1);
  client = await started.server.admin(database);
  await client.query(TABLE);
}, 60_000);

afterAll(async () => {
  await client?.end();
  if (started && 'server' in started) await started.server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Sequelize: one query string of several statements is one implicit transaction', () => {
  it('PostgreSQL 15 refuses the CONCURRENTLY of the string with 25001 and rolls its ALTER TABLE back', async (ctx) => {
    requireServer(started, ctx);
    const db = client as pg.Client;
    // What Sequelize's postgres dialect does with a query and no bind parameters: connection.query(sql).
    await expect(db.query(UP_SQL)).rejects.toMatchObject({ code: '25001', message: 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block' });
    const column = await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Orders' AND column_name = 'note'`);
    expect(column.rowCount).toBe(0);
    // Sent one call each, as the down method does, both succeed: each query autocommits.
    await db.query('ALTER TABLE "Orders" ADD COLUMN "note" text');
    await db.query('CREATE INDEX CONCURRENTLY "orders_note" ON "Orders" ("note")');
    await db.query('DROP INDEX CONCURRENTLY "orders_note"');
  });

  it('lint: the CONCURRENTLY inside the string fails (25001); the down, one call per statement, is a mix', () => {
    const { code, entries } = jsonReport(dir);
    expect(code).toBe(1);
    const messages = entries.get('migrations/20240102090000-orders-note.js')?.messages ?? [];
    const found = messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`);
    expect(found).toContain('ban-concurrent-index-creation-in-transaction@7:7');
    expect(found).not.toContain('mixed-transactional-statements@7:7');
    const ban = messages.find((m) => m.ruleId === 'ban-concurrent-index-creation-in-transaction');
    expect(ban?.message).toBe(
      'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: the migration fails with SQLSTATE 25001 (its query string holds several statements, which PostgreSQL runs as one implicit transaction).',
    );
    expect(ban?.help).toBe('Send it in a query of its own, the only statement of its call.');
    // down: DROP INDEX CONCURRENTLY and removeColumn are separate queries, each autocommits.
    expect(found).toContain('mixed-transactional-statements@12:43');
    expect(found.filter((f) => f.startsWith('ban-concurrent-index'))).toEqual(['ban-concurrent-index-creation-in-transaction@7:7']);
  });
});
