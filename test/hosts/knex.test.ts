import { describe, expect, it } from 'vitest';
import { extractKnex } from '../../src/hosts/js/knex.js';
import { expectParses, sourceOf, sqlOf } from './js-helpers.js';

describe('Knex extractor', () => {
  it('translates createTable with column modifiers as Knex PostgreSQL does', () => {
    const text = `exports.up = function (knex) {
  return knex.schema.createTable('users', (table) => {
    table.increments('id');
    table.string('email', 100).notNullable().unique();
    table.text('bio');
    table.boolean('active').defaultTo(true);
    table.timestamp('seen_at').defaultTo(knex.fn.now());
    table.jsonb('prefs').defaultTo({});
    table.integer('org_id').references('orgs.id').onDelete('CASCADE');
    table.index(['email', 'active'], null, 'btree');
    table.timestamps(false, true);
  });
};
exports.down = (knex) => knex.schema.dropTableIfExists('users');
`;
    const file = extractKnex(text, 'm.js');
    expect(file.problems).toEqual([]);
    expect(sqlOf(file.up?.operations)).toEqual([
      `create table "users" ("id" serial primary key, "email" varchar(100) not null, "bio" text, "active" boolean default '1', "seen_at" timestamptz default CURRENT_TIMESTAMP, "prefs" jsonb default '{}', "org_id" integer, "created_at" timestamptz not null default CURRENT_TIMESTAMP, "updated_at" timestamptz not null default CURRENT_TIMESTAMP)`,
      `alter table "users" add constraint "users_email_unique" unique ("email")`,
      `alter table "users" add constraint "users_org_id_foreign" foreign key ("org_id") references "orgs" ("id") on delete CASCADE`,
      `create index "users_email_active_index" on "users" using btree ("email", "active")`,
    ]);
    expect(sqlOf(file.down?.operations)).toEqual([`drop table if exists "users"`]);
    expectParses(file);
  });

  it('groups added columns into one alter table, then table statements in call order; a column call anchors a single added column', () => {
    const text = `export async function up(knex) {
  await knex.schema.alterTable('orders', (t) => {
    t.string('status').notNullable().defaultTo('new');
    t.dropColumn('legacy');
    t.renameColumn('amt', 'amount');
    t.index('status');
    t.dropIndex(['a', 'b']);
    t.dropForeign('user_id');
  });
}
`;
    const file = extractKnex(text, 'm.js');
    const ops = file.up?.operations ?? [];
    expect(sqlOf(ops)).toEqual([
      `alter table "orders" add column "status" varchar(255) not null default 'new'`,
      `alter table "orders" drop column "legacy"`,
      `alter table "orders" rename "amt" to "amount"`,
      `create index "orders_status_index" on "orders" ("status")`,
      `drop index "orders_a_b_index"`,
      `alter table "orders" drop constraint "orders_user_id_foreign"`,
    ]);
    expect(text.slice(ops[0]?.span.start, ops[0]?.span.end)).toBe(`t.string('status').notNullable().defaultTo('new')`);
    expect(text.slice(ops[3]?.span.start, ops[3]?.span.end)).toBe(`t.index('status')`);
    expect(ops[0]?.literalMap).toBeUndefined();
    expectParses(file);
  });

  it('increments().primary() is the serial primary key, as Knex ignores primary() on an increments column', () => {
    const file = extractKnex(`exports.up = (knex) => knex.schema.createTable('t', (table) => { table.increments('id').primary(); });`, 'm.js');
    expect(sqlOf(file.up?.operations)).toEqual([`create table "t" ("id" serial primary key)`]);
  });

  it('maps knex.raw literals through escapes and folds local constants in template holes', () => {
    const text = "const TABLE = 'orders';\nexports.up = async (knex) => {\n  await knex.raw('CREATE INDEX i ON t (a)\\nWHERE b = \\'x\\'');\n  await knex.raw(`ALTER TABLE ${TABLE} ADD COLUMN c int`);\n};\n";
    const file = extractKnex(text, 'm.js');
    const [first, second] = file.up?.operations ?? [];
    expect(first?.sql).toBe("CREATE INDEX i ON t (a)\nWHERE b = 'x'");
    expect(sourceOf(text, first!, 0, 12)).toBe('CREATE INDEX');
    const quote = first!.sql!.indexOf("'");
    expect(text.slice(first!.literalMap![quote], first!.literalMap![quote]! + 2)).toBe("\\'");
    expect(first!.literalMap![first!.sql!.indexOf('\n')]).toBe(text.indexOf('\\n'));
    expect(second?.sql).toBe('ALTER TABLE orders ADD COLUMN c int');
    expect(second!.literalMap![12]).toBe(text.indexOf('${TABLE}'));
    expect(sourceOf(text, second!, 19, 35)).toBe('ADD COLUMN c int');
  });

  it('counts what it cannot read: dynamic strings, query builders, helper functions', () => {
    const text = `import { addAudit } from './lib.js';
export async function up(knex) {
  const name = process.env.T;
  await knex.raw(\`DROP TABLE \${name}\`);
  await knex('users').update({ active: true });
  await addAudit(knex, 'users');
  if (await knex.schema.hasColumn('users', 'x')) {
    await knex.schema.table('users', (t) => t.dropColumn('x'));
  }
}
`;
    const ops = extractKnex(text, 'm.js').up?.operations ?? [];
    expect(ops.map((o) => o.unresolved ?? o.sql)).toEqual([
      'dynamic string',
      'query builder knex(…)',
      'helper function addAudit()',
      `alter table "users" drop column "x"`,
    ]);
  });

  it('reads exports.config = { transaction: false } as no transaction', () => {
    const file = extractKnex(`exports.config = { transaction: false };\nexports.up = (knex) => knex.raw('CREATE INDEX CONCURRENTLY i ON t (a)');\nexports.down = (knex) => knex.raw('DROP INDEX CONCURRENTLY i');\n`, 'm.js');
    expect(file.up?.wrap).toBe('none');
    expect(file.down?.wrap).toBe('none');
    expect(extractKnex(`exports.up = (knex) => knex.raw('SELECT 1');`, 'm.js').up?.wrap).toBeUndefined();
  });

  it('a file that does not parse is a problem with its position', () => {
    const text = "exports.up = (knex) => {\n  knex.raw('x'\n};\n";
    const file = extractKnex(text, 'bad.js');
    expect(file.up).toBeUndefined();
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]?.message).toMatch(/^Knex migration does not parse: /);
    expect(file.problems[0]?.span.start).toBeGreaterThan(text.indexOf("'x'"));
  });
});
