import { ruleTester } from '../helpers/rule-tester.js';

const CUSTOMERS = 'CREATE TABLE customers (id bigint PRIMARY KEY, region text, code text, UNIQUE (region, code));';

ruleTester('fk-missing-index', {
  valid: [
    `${CUSTOMERS}\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE INDEX ON orders (customer_id);`,
    {
      name: 'the primary key covers it; a multi-column key in another order',
      sql: `${CUSTOMERS}\nCREATE TABLE notes (customer_id bigint PRIMARY KEY REFERENCES customers, region text, code text, FOREIGN KEY (code, region) REFERENCES customers (code, region));\nCREATE INDEX notes_rc ON notes (region, code, customer_id);`,
    },
    {
      name: 'an index from an earlier migration covers the key added now',
      filename: '002_fk.sql',
      others: { '001_tables.sql': `${CUSTOMERS}\nCREATE TABLE orders (id bigint, customer_id bigint);\nCREATE INDEX orders_customer_idx ON orders (customer_id, id);` },
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;',
    },
    {
      name: 'a later migration of the set creates the covering index (whole history)',
      filename: '002_fk.sql',
      others: {
        '001_tables.sql': `${CUSTOMERS}\nCREATE TABLE app.orders (id bigint, customer_id bigint);`,
        '003_rename.sql': 'ALTER TABLE app.orders RENAME COLUMN id TO order_id;',
        '004_index.sql': 'CREATE INDEX CONCURRENTLY ON app.orders (customer_id, order_id);',
      },
      sql: 'ALTER TABLE app.orders\n  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;',
    },
    {
      name: 'a later migration adds a primary key that covers it',
      filename: '001_tables.sql',
      others: { '002_pk.sql': 'ALTER TABLE notes ADD PRIMARY KEY (customer_id);' },
      sql: `${CUSTOMERS}\nCREATE TABLE notes (customer_id bigint NOT NULL REFERENCES customers);`,
    },
    { name: 'a table the schema model does not know is not checked', sql: 'ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;' },
    { name: 'the foreign key is dropped later in the migration', sql: `${CUSTOMERS}\nCREATE TABLE orders (id bigint, customer_id bigint REFERENCES customers);\nALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;` },
  ],
  invalid: [
    {
      sql: `${CUSTOMERS}\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);`,
      errors: [{ line: 2, column: 64, endLine: 2, endColumn: 85, message: 'Foreign key on orders (customer_id) has no index with (customer_id) as its leading columns: every DELETE or key UPDATE on customers scans orders' }],
    },
    {
      name: 'added to a table of an earlier migration; later migrations index other columns, or only some rows',
      filename: '002_fk.sql',
      others: {
        '001_tables.sql': `${CUSTOMERS}\nCREATE TABLE app.orders (id bigint, customer_id bigint);`,
        '003_index.sql': 'CREATE INDEX CONCURRENTLY ON app.orders (id, customer_id);\nCREATE INDEX CONCURRENTLY ON app.orders (customer_id) WHERE id > 0;',
        '004_other_table.sql': 'CREATE TABLE orders (customer_id bigint);\nCREATE INDEX ON orders (customer_id);',
      },
      sql: 'ALTER TABLE app.orders\n  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;',
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 93, message: 'Foreign key orders_customer_fk on app.orders (customer_id)' }],
    },
    {
      name: 'indexes that do not serve it: partial, second column, expression',
      sql: [
        CUSTOMERS,
        'CREATE TABLE orders (id bigint, customer_id bigint, CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers);',
        'CREATE INDEX ON orders (customer_id) WHERE id > 0;',
        'CREATE INDEX ON orders (id, customer_id);',
        'CREATE INDEX ON orders ((customer_id + 0));',
      ].join('\n'),
      errors: [{ line: 2, column: 53, endLine: 2, endColumn: 114, message: 'Foreign key fk on orders' }],
    },
    {
      name: 'multi-column key covered by only one of its columns; ADD COLUMN … REFERENCES',
      sql: [
        CUSTOMERS,
        'CREATE TABLE visits (id bigint, region text, code text, FOREIGN KEY (region, code) REFERENCES customers (region, code));',
        'CREATE INDEX ON visits (region);',
        'ALTER TABLE visits ADD COLUMN customer_id bigint REFERENCES customers;',
      ].join('\n'),
      errors: [
        { line: 2, column: 57, endLine: 2, endColumn: 120, message: 'on visits (region, code) has no index with (region, code)' },
        { line: 4, column: 50, endLine: 4, endColumn: 70, message: 'on visits (customer_id)' },
      ],
    },
  ],
});
