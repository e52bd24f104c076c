import { ruleTester } from '../helpers/rule-tester.js';

const TABLES = [
  'CREATE TABLE orders (',
  '  id bigint PRIMARY KEY, code varchar(20), note varchar, amount numeric(10,2), exact numeric,',
  '  at timestamp(3), addr cidr, body text, total integer, tags varchar(20)[]',
  ');',
].join('\n');
const earlier = (sql: string) => ({ filename: '002_change.sql', others: { '001_orders.sql': TABLES }, sql });
const VIEWS = `${TABLES}\nCREATE VIEW order_codes AS SELECT o.id, o.code FROM orders o WHERE o.note IS NOT NULL;\nCREATE MATERIALIZED VIEW app.order_all AS SELECT * FROM orders;`;
const withViews = (sql: string) => ({ filename: '002_change.sql', others: { '001_orders.sql': VIEWS }, sql });

ruleTester('changing-column-type', {
  valid: [
    'CREATE TABLE orders (id bigint, total integer);\nALTER TABLE orders ALTER COLUMN total TYPE bigint;',
    { name: 'varchar(n) → varchar(m ≥ n), varchar → text', ...earlier('ALTER TABLE orders ALTER COLUMN code TYPE varchar(40), ALTER COLUMN note TYPE text;') },
    { name: 'varchar(n) → varchar, text → varchar', ...earlier('ALTER TABLE orders ALTER COLUMN code TYPE varchar, ALTER COLUMN body TYPE character varying;') },
    { name: 'numeric precision up with the same scale, numeric(p,s) → numeric', ...earlier('ALTER TABLE orders ALTER COLUMN amount TYPE numeric(14,2);\nALTER TABLE orders ALTER COLUMN amount TYPE numeric;') },
    { name: 'timestamp precision up, cidr → inet, same type', ...earlier('ALTER TABLE orders ALTER at TYPE timestamp(6), ALTER addr TYPE inet, ALTER COLUMN total SET DATA TYPE int4;') },
    { name: 'the view dropped before and re-created after', ...withViews('DROP VIEW order_codes;\nDROP MATERIALIZED VIEW app.order_all;\nALTER TABLE orders ALTER COLUMN code TYPE text;\nCREATE VIEW order_codes AS SELECT id, code FROM orders;') },
    { name: 'the rule dropped first', ...earlier('CREATE RULE orders_log AS ON UPDATE TO orders WHERE NEW.code <> OLD.code DO ALSO INSERT INTO order_log VALUES (NEW.code);\nDROP RULE orders_log ON orders;\nALTER TABLE orders ALTER COLUMN code TYPE text;') },
    { name: 'a column no view reads; a column added after SELECT * expanded', ...withViews('ALTER TABLE orders ADD COLUMN extra varchar(5);\nALTER TABLE orders ALTER COLUMN extra TYPE text;') },
    { name: 'CREATE OR REPLACE VIEW no longer reading the column', ...withViews('DROP MATERIALIZED VIEW app.order_all;\nCREATE OR REPLACE VIEW order_codes AS SELECT o.id FROM orders o;\nALTER TABLE orders ALTER COLUMN code TYPE text;') },
    {
      name: 'follows the type through earlier changes and renames',
      filename: '003_change.sql',
      others: { '001_orders.sql': TABLES, '002_rename.sql': 'ALTER TABLE orders RENAME COLUMN code TO sku;\nALTER TABLE orders RENAME TO purchases;' },
      sql: 'ALTER TABLE purchases ALTER COLUMN sku TYPE varchar(64);',
    },
  ],
  invalid: [
    {
      name: 'a binary-coercible change of a column a view reads fails (varchar(50) → text)',
      ...withViews('ALTER TABLE orders ALTER COLUMN code TYPE text;'),
      errors: [
        {
          line: 1,
          column: 33,
          endLine: 1,
          endColumn: 47,
          message:
            'ALTER COLUMN code TYPE text fails: view order_codes, materialized view app.order_all read orders.code, and PostgreSQL cannot change the type of a column a view or rule uses (SQLSTATE 0A000), binary-coercible or not.',
        },
      ],
    },
    { name: 'a view reading the column in its WHERE, → varchar', ...withViews('ALTER TABLE orders ALTER COLUMN note TYPE varchar;'), errors: [{ line: 1, column: 33, message: 'view order_codes, materialized view app.order_all read orders.note' }] },
    { name: 'SELECT * reads every column, → varchar(100)', ...withViews('ALTER TABLE orders ALTER COLUMN body TYPE varchar(100);'), errors: [{ line: 1, column: 33, message: 'materialized view app.order_all reads orders.body' }] },
    { name: 'a collation change', ...withViews('ALTER TABLE orders ALTER COLUMN body TYPE text COLLATE "C";'), errors: [{ line: 1, column: 33, message: 'fails: materialized view app.order_all reads' }] },
    {
      name: 'a rule reading NEW.code',
      ...earlier('CREATE RULE orders_log AS ON UPDATE TO orders WHERE NEW.code <> OLD.code DO ALSO INSERT INTO order_log VALUES (NEW.code);\nALTER TABLE orders ALTER COLUMN code TYPE text;'),
      errors: [{ line: 2, column: 33, endLine: 2, endColumn: 47, message: 'fails: rule orders_log on orders reads orders.code' }],
    },
    {
      name: 'a view on a table created in the same migration',
      sql: 'CREATE TABLE t (id int, code varchar(50));\nCREATE VIEW v AS SELECT code FROM t;\nALTER TABLE t ALTER COLUMN code TYPE text;',
      errors: [{ line: 3, column: 28, endLine: 3, endColumn: 42, message: 'fails: view v reads t.code' }],
    },
    {
      sql: 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;',
      errors: [
        {
          line: 1,
          column: 33,
          endLine: 1,
          endColumn: 50,
          message: 'ALTER COLUMN total TYPE bigint rewrites orders and rebuilds its indexes under an ACCESS EXCLUSIVE lock (the schema model does not know the current type of total',
        },
      ],
    },
    {
      name: 'integer → bigint on a known column',
      ...earlier('ALTER TABLE orders ALTER COLUMN total TYPE bigint;'),
      errors: [{ line: 1, column: 33, endLine: 1, endColumn: 50, message: '(integer to bigint is not binary-coercible)' }],
    },
    {
      name: 'narrowing varchar, changing numeric scale, text → varchar(n)',
      ...earlier('ALTER TABLE orders\n  ALTER COLUMN code TYPE varchar(10),\n  ALTER COLUMN amount TYPE numeric(12,4),\n  ALTER COLUMN body TYPE varchar(100);'),
      errors: [
        { line: 2, column: 16, endLine: 4, endColumn: 38, message: 'varchar(20) to varchar(10)' },
        { line: 3, column: 16, endLine: 4, endColumn: 38, message: 'numeric(10,2) to numeric(12,4)' },
        { line: 4, column: 16, endLine: 4, endColumn: 38, message: 'text to varchar(100)' },
      ],
    },
    {
      name: 'timestamp → timestamptz depends on the session TimeZone',
      ...earlier('ALTER TABLE orders ALTER COLUMN at TYPE timestamptz(3);'),
      errors: [{ line: 1, column: 33, endLine: 1, endColumn: 55, message: 'timestamp(3) to timestamptz(3) is not binary-coercible' }],
    },
    {
      name: 'a USING expression computes every value anew',
      ...earlier('ALTER TABLE orders ALTER COLUMN code TYPE text USING lower(code);'),
      errors: [{ line: 1, column: 33, endLine: 1, endColumn: 65, message: 'the USING expression computes every value anew' }],
    },
    {
      name: 'array element types are not relaxed',
      ...earlier('ALTER TABLE orders ALTER COLUMN tags TYPE text[];'),
      errors: [{ line: 1, column: 33, endLine: 1, endColumn: 49, message: 'varchar(20)[] to text[]' }],
    },
  ],
});
