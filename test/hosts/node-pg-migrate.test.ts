import { describe, expect, it } from 'vitest';
import { extractNodePgMigrate } from '../../src/hosts/js/node-pg-migrate.js';
import { expectParses, sourceOf, sqlOf } from './js-helpers.js';

describe('node-pg-migrate extractor', () => {
  it('renders MigrationBuilder operations as node-pg-migrate does', () => {
    const text = `import type { MigrationBuilder } from 'node-pg-migrate';
export const up = (pgm: MigrationBuilder) => {
  pgm.createTable('blocks', {
    id: 'id',
    hash: { type: 'bytea', notNull: true },
    height: { type: 'int', notNull: true, default: 0 },
    name: { type: 'string', default: 'none' },
    created_at: { type: 'timestamptz', default: pgm.func('now()') },
    parent_id: { type: 'integer', references: 'blocks', onDelete: 'CASCADE' },
  });
  pgm.createIndex('blocks', 'hash', { method: 'hash' });
  pgm.createIndex('blocks', [{ name: 'height', sort: 'DESC' }, 'name'], { unique: true, where: 'height > 0' });
  pgm.addColumns('blocks', { extra: { type: 'jsonb' } });
  pgm.addConstraint('blocks', 'blocks_height_check', 'CHECK (height >= 0)');
  pgm.addConstraint('blocks', null, { unique: ['hash', 'height'] });
  pgm.alterColumn('blocks', 'name', { type: 'text', notNull: true });
  pgm.createType('kind', ['a', 'b']);
  pgm.addTypeValue('kind', 'c', { ifNotExists: true });
};
export const down = (pgm: MigrationBuilder) => {
  pgm.dropIndex('blocks', 'hash');
  pgm.dropColumns('blocks', ['extra']);
  pgm.dropTable('blocks');
};
`;
    const file = extractNodePgMigrate(text, 'm.ts');
    expect(file.problems).toEqual([]);
    expect(sqlOf(file.up?.operations)).toEqual([
      `CREATE TABLE "blocks" (\n  "id" serial PRIMARY KEY,\n  "hash" bytea NOT NULL,\n  "height" integer DEFAULT 0 NOT NULL,\n  "name" text DEFAULT $pg1$none$pg1$,\n  "created_at" timestamptz DEFAULT now(),\n  "parent_id" integer REFERENCES "blocks" ON DELETE CASCADE\n);`,
      `CREATE INDEX "blocks_hash_index" ON "blocks" USING hash ("hash");`,
      `CREATE UNIQUE INDEX "blocks_height_name_unique_index" ON "blocks" ("height" DESC, "name") WHERE height > 0;`,
      `ALTER TABLE "blocks"\n  ADD "extra" jsonb;`,
      `ALTER TABLE "blocks"\n  ADD CONSTRAINT "blocks_height_check" CHECK (height >= 0);`,
      `ALTER TABLE "blocks"\n  ADD CONSTRAINT "blocks_uniq_hash_height" UNIQUE ("hash", "height");`,
      `ALTER TABLE "blocks"\n  ALTER "name" SET DATA TYPE text,\n  ALTER "name" SET NOT NULL;`,
      `CREATE TYPE "kind" AS ENUM ($pg1$a$pg1$, $pg1$b$pg1$);`,
      `ALTER TYPE "kind" ADD VALUE IF NOT EXISTS $pg1$c$pg1$;`,
    ]);
    expect(sqlOf(file.down?.operations)).toEqual([
      `DROP INDEX "blocks_hash_index";`,
      `ALTER TABLE "blocks"\n  DROP "extra";`,
      `DROP TABLE "blocks";`,
    ]);
    expect(file.up?.wrap).toBeUndefined();
    expectParses(file);
  });

  it('pgm.sql literals map into the file; pgm.noTransaction() takes the section out of the transaction', () => {
    const text = "exports.up = (pgm) => {\n  pgm.noTransaction();\n  pgm.sql(`CREATE INDEX CONCURRENTLY i ON t (a)`);\n  pgm.createIndex('t', 'b', { concurrently: true, ifNotExists: true });\n};\nexports.down = (pgm) => { pgm.sql('DROP INDEX i'); };\n";
    const file = extractNodePgMigrate(text, 'm.js');
    const [literal, index] = file.up?.operations ?? [];
    expect(sourceOf(text, literal!, 0, 25)).toBe('CREATE INDEX CONCURRENTLY');
    expect(index?.sql).toBe('CREATE INDEX CONCURRENTLY IF NOT EXISTS "t_b_index" ON "t" ("b");');
    expect(text.slice(index!.span.start, index!.span.end)).toBe("pgm.createIndex('t', 'b', { concurrently: true, ifNotExists: true })");
    expect(file.up?.wrap).toBe('none');
    expect(file.down?.wrap).toBeUndefined();
  });

  it('counts template holes that are not local constants as dynamic', () => {
    const text = "const T = 'txs';\nexport const up = (pgm) => {\n  const cols = getCols();\n  pgm.sql(`ALTER TABLE ${T} ADD COLUMN x int`);\n  pgm.sql(`CREATE INDEX ON ${T} (${cols})`);\n};\n";
    const ops = extractNodePgMigrate(text, 'm.ts').up?.operations ?? [];
    expect(ops.map((o) => o.unresolved ?? o.sql)).toEqual(['ALTER TABLE txs ADD COLUMN x int', 'dynamic string']);
  });

  it('inlines a local arrow function that returns a template, called with static arguments', () => {
    const text = "export const up = (pgm) => {\n  const wrap = (inner: string) => `WITH x AS (${inner}) SELECT 1`;\n  pgm.sql(wrap(`SELECT 2`));\n  pgm.sql(wrap(someValue));\n};\n";
    const ops = extractNodePgMigrate(text, 'm.ts').up?.operations ?? [];
    expect(ops.map((o) => o.unresolved ?? o.sql)).toEqual(['WITH x AS (SELECT 2) SELECT 1', 'dynamic string']);
    expect(ops[0]?.literalMap?.[0]).toBe(text.indexOf('WITH'));
  });
});
