// The static Sequelize translation against Sequelize's own query generator (sequelize is a
// devDependency), run through the orm.execute recording driver: each queryInterface call gives the
// SQL Sequelize sends, in its order.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { normalizedSql } from '../../src/hosts/execute/merge.js';
import { sequelizeRecorder } from '../../src/hosts/execute/record/sequelize.js';
import { isCatalogLookup } from '../../src/hosts/execute/record/types.js';
import { extractSequelize } from '../../src/hosts/js/sequelize.js';
import { expectParses } from './js-helpers.js';

const recorder = await sequelizeRecorder(createRequire(import.meta.url));

/** Both readings of one `up` body: the static translation and what Sequelize sent. */
async function bothReadings(body: string): Promise<{ static: string[]; sequelize: string[] }> {
  const text = `module.exports = {\n  up: async (queryInterface, Sequelize) => {\n${body}\n  },\n};\n`;
  const file = extractSequelize(text, 'm.js');
  expect(file.problems).toEqual([]);
  expect((file.up?.operations ?? []).filter((op) => op.unresolved)).toEqual([]);
  expectParses(file);
  const module = { exports: {} as unknown };
  (new Function('module', 'exports', text) as (m: object, e: unknown) => void)(module, module.exports);
  await recorder.run(module.exports, 'up');
  return {
    static: (file.up?.operations ?? []).map((op) => normalizedSql(op.sql ?? '')),
    sequelize: recorder.take().map((q) => q.sql).filter((sql) => !isCatalogLookup(sql)).map(normalizedSql),
  };
}

const CASES: Record<string, string> = {
  'createTable: SERIAL primary key without NOT NULL, enum type in a DO block, index names': `
    await queryInterface.createTable('UserTokens', {
      id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
      type: { type: Sequelize.ENUM('OAUTH', 'PAT'), allowNull: false },
      token: { type: Sequelize.STRING, allowNull: false, unique: true },
      UserId: { type: Sequelize.INTEGER, references: { key: 'id', model: 'Users' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
      createdAt: { type: Sequelize.DATE, defaultValue: Sequelize.NOW },
    });
    await queryInterface.addIndex('UserTokens', ['UserId', 'ApplicationId'], { unique: true, where: { deletedAt: null } });
    await queryInterface.addIndex('Members', ['MemberCollectiveId', 'CollectiveId', 'role'], { concurrently: true });`,
  'addColumn: an enum column, a FLOAT default as a string, a BIGINT one as a number': `
    await queryInterface.addColumn('Comments', 'type', { type: Sequelize.ENUM('COMMENT', 'PRIVATE_NOTE'), allowNull: false, defaultValue: 'COMMENT' });
    await queryInterface.addColumn('ExpenseItems', 'fxRate', { type: Sequelize.FLOAT, allowNull: false, defaultValue: 1 });
    await queryInterface.addColumn('ExpenseItems', 'total', { type: Sequelize.BIGINT, allowNull: false, defaultValue: 0 });
    await queryInterface.addColumn('Orders', 'seq', { type: Sequelize.INTEGER, autoIncrement: true, allowNull: false });
    await queryInterface.addColumn('Expenses', 'vat', { type: Sequelize.NUMBER });
    await queryInterface.addColumn('Orders', 'data', { type: Sequelize.JSONB, allowNull: false, defaultValue: {} });
    await queryInterface.addColumn('Orders', 'prefs', { type: Sequelize.JSON, defaultValue: { tags: ['a', "it's"], n: 1.5, on: true, none: null } });`,
  'changeColumn: every changed column sends SET/DROP NOT NULL, SET/DROP DEFAULT and TYPE': `
    await queryInterface.changeColumn('UploadedFiles', 'url', { type: Sequelize.STRING(1200), allowNull: false });
    await queryInterface.changeColumn('Orders', 'status', { type: Sequelize.ENUM('NEW', 'PAID'), allowNull: true, defaultValue: 'NEW' });`,
  'removeIndex by columns: the underscored default name': `
    await queryInterface.removeIndex('LegalDocuments', ['CollectiveId'], { concurrently: true });`,
};

describe('Sequelize static translation is what Sequelize sends', () => {
  for (const [name, body] of Object.entries(CASES)) {
    it(name, async () => {
      const readings = await bothReadings(body);
      expect(readings.static).toEqual(readings.sequelize);
    });
  }
});
