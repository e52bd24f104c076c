import { describe, expect, it } from 'vitest';
import { extractSequelize, underscore } from '../../src/hosts/js/sequelize.js';
import { expectParses, sourceOf, sqlOf } from './js-helpers.js';

describe('Sequelize extractor', () => {
  it('translates queryInterface builder calls as the PostgreSQL query generator does', () => {
    const text = `'use strict';
module.exports = {
  up: async (queryInterface, Sequelize) => {
    await queryInterface.createTable('UserTokens', {
      id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true },
      type: { type: Sequelize.ENUM('OAUTH', 'PAT'), allowNull: false },
      token: { type: Sequelize.STRING, allowNull: false, unique: true },
      UserId: { type: Sequelize.INTEGER, references: { key: 'id', model: 'Users' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
      data: { type: Sequelize.JSONB, defaultValue: {} },
      createdAt: { type: Sequelize.DATE, defaultValue: Sequelize.NOW },
    });
    await queryInterface.addIndex('UserTokens', ['UserId', 'type'], { unique: true, where: { deletedAt: null, token: { [Sequelize.Op.ne]: null } } });
    await queryInterface.addIndex('Orders', ['status'], { concurrently: true });
    await queryInterface.addColumn('Orders', 'note', { type: Sequelize.STRING(100), allowNull: false, defaultValue: 'n/a' });
    await queryInterface.changeColumn('Orders', 'total', { type: Sequelize.BIGINT, allowNull: false });
    await queryInterface.renameColumn('Orders', 'amt', 'amount');
    await queryInterface.addConstraint('Orders', { type: 'foreign key', fields: ['UserId'], references: { table: 'Users', field: 'id' }, onDelete: 'cascade' });
  },
  down: async (queryInterface) => {
    await queryInterface.removeIndex('Orders', ['status'], { concurrently: true });
    await queryInterface.removeColumn('Orders', 'note');
    await queryInterface.dropTable('UserTokens');
  },
};
`;
    const file = extractSequelize(text, 'm.js');
    expect(file.problems).toEqual([]);
    expect(sqlOf(file.up?.operations)).toEqual([
      `DO 'BEGIN CREATE TYPE "public"."enum_UserTokens_type" AS ENUM(''OAUTH'', ''PAT''); EXCEPTION WHEN duplicate_object THEN null; END';`,
      `CREATE TABLE IF NOT EXISTS "UserTokens" ("id" SERIAL , "type" "public"."enum_UserTokens_type" NOT NULL, "token" VARCHAR(255) NOT NULL UNIQUE, "UserId" INTEGER REFERENCES "Users" ("id") ON DELETE CASCADE ON UPDATE CASCADE, "data" JSONB DEFAULT '{}', "createdAt" TIMESTAMP WITH TIME ZONE, PRIMARY KEY ("id"));`,
      `CREATE UNIQUE INDEX "user_tokens__user_id_type" ON "UserTokens" ("UserId", "type") WHERE "deletedAt" IS NULL AND "token" IS NOT NULL`,
      `CREATE INDEX CONCURRENTLY "orders_status" ON "Orders" ("status")`,
      `ALTER TABLE "public"."Orders" ADD COLUMN "note" VARCHAR(100) NOT NULL DEFAULT 'n/a';`,
      `ALTER TABLE "Orders" ALTER COLUMN "total" SET NOT NULL;ALTER TABLE "Orders" ALTER COLUMN "total" DROP DEFAULT;ALTER TABLE "Orders" ALTER COLUMN "total" TYPE BIGINT;`,
      `ALTER TABLE "Orders" RENAME COLUMN "amt" TO "amount";`,
      `ALTER TABLE "Orders" ADD CONSTRAINT "Orders_UserId_fk" FOREIGN KEY ("UserId") REFERENCES "Users" ("id") ON DELETE CASCADE;`,
    ]);
    expect(sqlOf(file.down?.operations)).toEqual([
      `DROP INDEX CONCURRENTLY IF EXISTS "orders_status"`,
      `ALTER TABLE "public"."Orders" DROP COLUMN "note";`,
      `DROP TABLE IF EXISTS "UserTokens";`,
    ]);
    expect(file.up?.wrap).toBeUndefined();
    expectParses(file);
  });

  it('maps sequelize.query template literals; replacements become parameters on their markers', () => {
    const text = "module.exports = {\n  async up(queryInterface) {\n    await queryInterface.sequelize.query(`\n      CREATE INDEX CONCURRENTLY \"i\" ON \"T\" (\"a\")\n    `);\n    await queryInterface.sequelize.query('UPDATE \"T\" SET a = :a WHERE b::text = :b', { replacements: { a: 1, b: 'x' } });\n  },\n};\n";
    const [create, update] = extractSequelize(text, 'm.js').up?.operations ?? [];
    const at = create!.sql!.indexOf('CREATE');
    expect(sourceOf(text, create!, at, at + 25)).toBe('CREATE INDEX CONCURRENTLY');
    expect(update?.sql).toBe('UPDATE "T" SET a = $1 WHERE b::text = $2');
    expect(text.slice(update!.literalMap![19], update!.literalMap![19]! + 2)).toBe(':a');
  });

  it('wraps the calls of a managed transaction between START TRANSACTION and COMMIT', () => {
    const text = `module.exports = { up: async (queryInterface) => {
  await queryInterface.sequelize.transaction(async (transaction) => {
    await queryInterface.removeColumn('A', 'b', { transaction });
  });
} };`;
    expect(sqlOf(extractSequelize(text, 'm.js').up?.operations)).toEqual(['START TRANSACTION', `ALTER TABLE "public"."A" DROP COLUMN "b";`, 'COMMIT']);
  });

  it('counts helper functions, dynamic SQL and computed enum values as unresolved', () => {
    const text = `import { updateEnum } from './lib/helpers';
module.exports = {
  async up(queryInterface, Sequelize) {
    await updateEnum(queryInterface, 'T', 'c', ['a']);
    for (const table of ['A', 'B']) await queryInterface.sequelize.query(\`ALTER TABLE "\${table}" ADD COLUMN x int\`);
    await queryInterface.addColumn('T', 'kind', { type: Sequelize.ENUM(...Object.values(Kinds)) });
    await queryInterface.bulkInsert('T', [{ a: 1 }]);
  },
};`;
    expect(extractSequelize(text, 'm.ts').up?.operations.map((o) => o.unresolved)).toEqual([
      'helper function updateEnum()',
      'dynamic string',
      'unsupported data type',
      'unsupported call queryInterface.bulkInsert()',
    ]);
  });

  it('ARRAY(ENUM(…)): the enum type first, the column an array of it (pgEnum for dataType.type)', () => {
    const text = `module.exports = { async up(queryInterface, Sequelize) {
  await queryInterface.addColumn('Tokens', 'scope', { type: Sequelize.ARRAY(Sequelize.ENUM('email', 'orders')), allowNull: true });
} };`;
    const file = extractSequelize(text, 'm.js');
    expect(sqlOf(file.up?.operations)).toEqual([
      `DO 'BEGIN CREATE TYPE "public"."enum_Tokens_scope" AS ENUM(''email'', ''orders''); EXCEPTION WHEN duplicate_object THEN null; END';ALTER TABLE "public"."Tokens" ADD COLUMN "scope" "public"."enum_Tokens_scope"[];`,
    ]);
    expectParses(file);
  });

  it('names indexes as inflection.underscore does', () => {
    expect(underscore('UserTokens_UserId_ApplicationId')).toBe('user_tokens__user_id__application_id');
    expect(underscore('Transactions_HostCollectiveId')).toBe('transactions__host_collective_id');
    expect(underscore('transactions_createdAt')).toBe('transactions_created_at');
  });
});
