import { describe, expect, it } from 'vitest';
import { extractKysely } from '../../src/hosts/js/kysely.js';
import { expectParses, sourceOf, sqlOf } from './js-helpers.js';

describe('Kysely extractor', () => {
  it('renders schema builder chains ending in execute() as Kysely compiles them', () => {
    const text = `import { Kysely, sql } from 'kysely';
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('first_name', 'varchar(255)', (col) => col.notNull())
    .addColumn('created_at', 'timestamp', (col) => col.defaultTo(sql\`now()\`).notNull())
    .addColumn('owner_id', 'integer', (col) => col.references('person.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('person_first_name_index').on('person').column('first_name').execute();
  await db.schema.alterTable('person').addColumn('age', 'integer').dropColumn('nickname').execute();
  await db.schema.alterTable('person').alterColumn('age', (col) => col.setNotNull()).execute();
  await db.schema.createType('mood').asEnum(['happy', 'sad']).execute();
}
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('person_first_name_index').ifExists().execute();
  await db.schema.dropTable('person').execute();
}
`;
    const file = extractKysely(text, 'm.ts');
    expect(file.problems).toEqual([]);
    expect(sqlOf(file.up?.operations)).toEqual([
      `create table "person" ("id" serial primary key, "first_name" varchar(255) not null, "created_at" timestamp default now() not null, "owner_id" integer references "person" ("id") on delete cascade)`,
      `create index "person_first_name_index" on "person" ("first_name")`,
      `alter table "person" add column "age" integer, drop column "nickname"`,
      `alter table "person" alter column "age" set not null`,
      `create type "mood" as enum ('happy', 'sad')`,
    ]);
    expect(sqlOf(file.down?.operations)).toEqual([`drop index if exists "person_first_name_index"`, `drop table "person"`]);
    expectParses(file);
  });

  it('sql`…`.execute(db): value holes are bind parameters, sql.raw/ref holes are inlined, positions map into the template', () => {
    const text = "import { sql } from 'kysely';\nexport async function up(db) {\n  await sql`CREATE INDEX CONCURRENTLY i ON ${sql.table('person')} (${sql.ref('age')}) WHERE age > ${18}`.execute(db);\n  await sql.raw('VACUUM person').execute(db);\n}\n";
    const [template, raw] = extractKysely(text, 'm.js').up?.operations ?? [];
    expect(template?.sql).toBe('CREATE INDEX CONCURRENTLY i ON "person" ("age") WHERE age > $1');
    expect(sourceOf(text, template!, 0, 25)).toBe('CREATE INDEX CONCURRENTLY');
    expect(raw?.sql).toBe('VACUUM person');
    expect(sourceOf(text, raw!, 0, 6)).toBe('VACUUM');
  });
});
