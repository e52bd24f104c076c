import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'orm-execute-failed',
    kind: 'builtin',
    description: 'Under `orm.execute`, the ORM could not run this migration with its recording driver (it threw, timed out, or could not be loaded): its static translation is linted instead.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'The SQL linted for this file is the static reading of its source, not what the ORM sends: calls the static reading cannot resolve stay unchecked.',
      solution: 'Make the migration loadable and runnable without a database (no queries whose results it needs, no I/O at load time), or accept the static translation and its coverage line.',
      bad: "// knex migration\nexports.up = async (knex) => { throw new Error('needs a database'); };",
      // What is linted once the migration runs: the SQL its ORM sent (here knex.schema.createTable('items', (t) => { t.bigIncrements('id'); })).
      good: 'create table "items" ("id" bigserial primary key);',
    },
  },
  create: () => ({}),
});
