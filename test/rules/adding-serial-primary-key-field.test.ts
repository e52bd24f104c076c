import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('adding-serial-primary-key-field', {
  valid: [
    'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_id_idx;',
    'CREATE TABLE items (id bigint);\nALTER TABLE items ADD PRIMARY KEY (id), ADD COLUMN code serial PRIMARY KEY;',
    'CREATE TABLE items (id bigserial PRIMARY KEY);',
    {
      name: 'USING INDEX on columns the schema model knows are NOT NULL',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE items (id bigint NOT NULL, name text);\nCREATE UNIQUE INDEX CONCURRENTLY items_id_idx ON items (id);' },
      sql: 'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_id_idx;',
    },
    {
      name: 'USING INDEX on a column proven NOT NULL by a validated CHECK (pg ≥ 12)',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE items (id bigint, name text);\nALTER TABLE items ADD CONSTRAINT id_present CHECK (id IS NOT NULL);\nCREATE UNIQUE INDEX items_id_idx ON items (id);' },
      sql: 'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_id_idx;',
    },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE items ADD PRIMARY KEY (id);',
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 39, message: 'ADD PRIMARY KEY builds a unique index on items under an ACCESS EXCLUSIVE lock' }],
    },
    {
      name: 'ADD COLUMN … serial PRIMARY KEY on a table created by an earlier migration',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE app.items (name text);' },
      sql: 'ALTER TABLE app.items\n  ADD COLUMN id bigserial PRIMARY KEY;',
      errors: [{ line: 2, column: 27, endLine: 2, endColumn: 38, message: 'ADD COLUMN id … PRIMARY KEY fills every row of app.items' }],
    },
    {
      name: 'USING INDEX on a nullable column (schema model): SET NOT NULL scans',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE items (id bigint, name text);\nCREATE UNIQUE INDEX items_id_idx ON items (id);' },
      sql: 'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_id_idx;',
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 81, message: 'ADD PRIMARY KEY USING INDEX items_id_idx sets NOT NULL on id, scanning every row of items' }],
    },
    {
      name: 'a NOT VALID check does not prove the column',
      filename: '002_b.sql',
      others: { '001_a.sql': 'CREATE TABLE items (id bigint);\nALTER TABLE items ADD CONSTRAINT id_present CHECK (id IS NOT NULL) NOT VALID;\nCREATE UNIQUE INDEX items_id_idx ON items (id);' },
      sql: 'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_id_idx;',
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 81, message: 'sets NOT NULL on id' }],
    },
    {
      name: 'named constraint after other statements',
      sql: 'SELECT 1;\nALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY (tenant_id, id);',
      errors: [{ line: 2, column: 23, endLine: 2, endColumn: 72 }],
    },
  ],
});
