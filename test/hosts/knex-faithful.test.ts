// The static Knex translation against Knex's own compiler (knex is a devDependency): each builder
// call gives the statements knex.schema…toSQL() gives, in its order.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { extractKnex } from '../../src/hosts/js/knex.js';
import { normalizedSql } from '../../src/hosts/execute/merge.js';
import { expectParses } from './js-helpers.js';

interface SchemaBuilder { toSQL(): { sql: string }[] }
type KnexFactory = (config: { client: string }) => unknown;

const knex = (createRequire(import.meta.url)('knex') as KnexFactory)({ client: 'pg' });

/** Both readings of one `knex.schema…` expression: the static translation and what Knex compiles. */
function bothReadings(expression: string): { static: string[]; knex: string[] } {
  const file = extractKnex(`exports.up = (knex) => ${expression};\n`, 'm.js');
  expect(file.problems).toEqual([]);
  expect((file.up?.operations ?? []).filter((op) => op.unresolved)).toEqual([]);
  expectParses(file);
  const built = (new Function('knex', `return ${expression}`) as (k: unknown) => SchemaBuilder)(knex);
  return {
    static: (file.up?.operations ?? []).flatMap((op) => (op.sql ?? '').split(/;\n/)).map(normalizedSql),
    knex: built.toSQL().map((q) => normalizedSql(q.sql)),
  };
}

const CASES: Record<string, string> = {
  'increments().primary() in createTable': `knex.schema.createTable('subscribers', (t) => { t.increments('id').primary(); t.string('sha1'); t.boolean('verified').defaultTo(false); })`,
  'a string primary key inside create table': `knex.schema.createTable('feature_flags', (t) => { t.string('name').primary().notNullable(); t.boolean('is_enabled').defaultTo(false); t.timestamp('created_at').defaultTo(knex.fn.now()); })`,
  'table.primary() with increments: serial without primary key': `knex.schema.createTable('t', (t) => { t.increments('id'); t.integer('b'); t.primary(['id', 'b'], { constraintName: 't_pk' }); t.string('email').unique(); t.integer('u').references('users.id').onDelete('CASCADE'); })`,
  'only the first primary key of a created table': `knex.schema.createTable('t', (t) => { t.string('a').primary(); t.string('b').primary(); })`,
  'primary keys on alterTable are constraints': `knex.schema.alterTable('t', (t) => { t.increments('id').primary(); t.string('a').primary(); })`,
  'dropForeign chained with foreign: the chain goes on': `knex.schema.alterTable('email_addresses', (t) => { t.dropForeign('subscriber_id').foreign('subscriber_id').references('subscribers.id').onUpdate('CASCADE').onDelete('CASCADE'); })`,
  'references() adds the foreign key where it is called among the column modifiers': `knex.schema.createTable('prefs', (t) => { t.increments('id').primary(); t.integer('subscriber_id').references('subscribers.id').unique().notNullable().onDelete('CASCADE').onUpdate('CASCADE'); t.string('token').unique().references('id').inTable('tokens'); })`,
  'drop calls chained': `knex.schema.alterTable('t', (t) => { t.dropIndex(['a']).dropUnique(['b']).dropColumn('c'); t.string('d').notNullable().index(); })`,
};

describe('Knex static translation is what Knex compiles', () => {
  for (const [name, expression] of Object.entries(CASES)) {
    it(name, () => {
      const readings = bothReadings(expression);
      expect(readings.static).toEqual(readings.knex);
    });
  }
});
