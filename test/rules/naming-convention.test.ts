import { ruleTester } from '../helpers/rule-tester.js';

const POSTGRES = { preset: 'postgres' };
const col53 = 'c'.repeat(53);
const long = 'ix_orders_' + 'a'.repeat(60);

const NAMED_TABLE = [
  'CREATE TABLE orders (',
  '  id bigint CONSTRAINT pk_orders PRIMARY KEY,',
  '  customer_id bigint CONSTRAINT fk_orders_customer_id_customers REFERENCES customers (id),',
  '  email text,',
  '  total numeric CHECK (total >= 0),',
  '  CONSTRAINT uq_orders_email UNIQUE (email),',
  '  CONSTRAINT ck_orders_total_positive CHECK (total > 0)',
  ');',
].join('\n');

const MISNAMED_TABLE = [
  'CREATE TABLE orders (',
  '  id bigint CONSTRAINT orders_pk PRIMARY KEY,',
  '  customer_id bigint CONSTRAINT fk_customer REFERENCES customers (id),',
  '  email text,',
  '  CONSTRAINT email_unique UNIQUE (email),',
  '  CONSTRAINT positive CHECK (total > 0)',
  ');',
].join('\n');

ruleTester('naming-convention', {
  valid: [
    'CREATE INDEX CONCURRENTLY ix_orders_customer_id ON orders (customer_id);',
    'CREATE INDEX ix_orders_customer_id_created_at ON app.orders (customer_id, created_at DESC);',
    'CREATE UNIQUE INDEX uq_users_email ON users (email);\nCREATE UNIQUE INDEX ix_users_login ON users (login);',
    "CREATE INDEX pix_orders_open ON orders (created_at) WHERE status = 'open';\nCREATE INDEX gin_orders_tags ON orders USING gin (tags);",
    'CREATE INDEX ix_users_email ON users (lower(email));\nCREATE INDEX ix_users_lower ON users (lower(email));',
    NAMED_TABLE,
    'CREATE TABLE t (id int);\nALTER TABLE t ADD PRIMARY KEY (id), ADD COLUMN c int REFERENCES c;\nCREATE INDEX ON t (c);',
    'ALTER TABLE orders ADD CONSTRAINT fk_orders_customer_id_customers FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;',
    'ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email;',
    "ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT '';",
    'CREATE TABLE "order_items" (id int);\nALTER TABLE order_items RENAME TO line_items;',
    { name: '63 bytes is fine', sql: `CREATE INDEX ix_orders_${col53} ON orders (${col53});` },
    {
      name: 'a convention that yields more than 63 bytes cannot be followed: not flagged',
      sql: `ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (${col53}) REFERENCES customers (id);`,
    },
    {
      name: 'preset postgres: the names PostgreSQL generates',
      options: POSTGRES,
      sql: [
        'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
        "CREATE INDEX orders_created_at_idx ON orders (created_at) WHERE status = 'open';",
        'CREATE INDEX users_lower_idx ON users (lower(email));',
        'ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id), ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers,',
        '  ADD CONSTRAINT orders_total_check CHECK (total > 0), ADD CONSTRAINT orders_email_key UNIQUE (email);',
      ].join('\n'),
    },
    { name: 'patterns override the preset', options: { patterns: { index: 'idx_{table}_{columns}' } }, sql: 'CREATE INDEX idx_orders_a ON orders (a);\nALTER TABLE orders ADD CONSTRAINT pk_orders PRIMARY KEY (id);' },
    { name: 'table pattern', options: { patterns: { table: 'tbl_{any}' } }, sql: 'CREATE TABLE tbl_orders (id int);' },
    { name: 'suppressed with a reason', sql: '-- migrationlint-ignore naming-convention -- legacy name kept for the ORM\nCREATE INDEX legacy_idx ON orders (a);' },
  ],
  invalid: [
    {
      sql: 'CREATE INDEX idx_foo ON orders (customer_id);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 45, message: 'Index "idx_foo" on orders should be named "ix_orders_customer_id".' }],
    },
    {
      name: 'unique, partial and GIN indexes',
      sql: [
        'CREATE UNIQUE INDEX CONCURRENTLY users_email ON users (email);',
        "CREATE INDEX ix_orders_created_at ON orders (created_at) WHERE status = 'open';",
        'CREATE INDEX ix_orders_tags ON orders USING gin (tags);',
      ].join('\n'),
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 62, message: 'Unique index "users_email" on users should be named "ix_users_email".' },
        { line: 2, column: 1, endLine: 2, endColumn: 79, message: 'Partial index "ix_orders_created_at" on orders should be named "pix_orders_created_at".' },
        { line: 3, column: 1, endLine: 3, endColumn: 55, message: 'GIN index "ix_orders_tags" on orders should be named "gin_orders_tags".' },
      ],
    },
    {
      name: 'constraints in CREATE TABLE, at each constraint',
      sql: MISNAMED_TABLE,
      errors: [
        { line: 2, column: 13, endLine: 7, endColumn: 2, message: 'Primary key "orders_pk" on orders should be named "pk_orders".' },
        { line: 3, column: 22, endLine: 7, endColumn: 2, message: 'Foreign key "fk_customer" on orders should be named "fk_orders_customer_id_customers".' },
        { line: 5, column: 3, endLine: 7, endColumn: 2, message: 'Unique constraint "email_unique" on orders should be named "uq_orders_email".' },
        { line: 6, column: 3, endLine: 7, endColumn: 2, message: 'Check constraint "positive" on orders should be named "ck_orders_total".' },
      ],
    },
    {
      name: 'table names: case, reserved words, CREATE TABLE AS, RENAME',
      sql: 'CREATE TABLE "OrderItems" (id int);\nCREATE TABLE "order" (id int);\nCREATE TABLE "group" AS SELECT 1 AS a;\nALTER TABLE orders RENAME TO "user";',
      errors: [
        { line: 1, column: 14, endLine: 1, endColumn: 35, message: 'Table name "OrderItems" is not lowercase snake_case' },
        { line: 2, column: 14, endLine: 2, endColumn: 30, message: 'Table name "order" is a reserved word' },
        { line: 3, column: 14, endLine: 3, endColumn: 38, message: 'Table name "group" is a reserved word' },
        { line: 4, column: 1, endLine: 4, endColumn: 36, message: 'Table name "user" is a reserved word' },
      ],
    },
    {
      name: 'unnamed constraints added to an existing table',
      sql: 'ALTER TABLE orders\n  ADD CHECK (total > 0),\n  ADD COLUMN customer_id bigint REFERENCES customers,\n  ADD COLUMN code text UNIQUE,\n  ADD PRIMARY KEY (id);',
      errors: [
        { line: 2, column: 7, message: 'Check constraint on orders has no name' },
        { line: 3, column: 33, message: 'Foreign key on orders has no name' },
        { line: 4, column: 24, message: 'Unique constraint on orders has no name' },
        { line: 5, column: 7, endLine: 5, endColumn: 23, message: 'Primary key on orders has no name' },
      ],
    },
    {
      name: 'unnamed index on an existing table',
      sql: 'CREATE INDEX CONCURRENTLY ON orders (customer_id);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 50, message: 'Index on orders has no name' }],
    },
    {
      name: 'a check without columns: the pattern is shown',
      sql: "ALTER TABLE orders ADD CONSTRAINT recent CHECK (now() > '2020-01-01');",
      errors: [{ line: 1, column: 24, message: 'Check constraint "recent" on orders should be named like "ck_orders_{any}".' }],
    },
    {
      name: 'name over 63 bytes: the identifier is flagged, after multibyte text',
      sql: `SELECT 'é日本😀'; CREATE INDEX ${long} ON orders (a);`,
      errors: [{ line: 1, column: 30, endLine: 1, endColumn: 100, message: `Index name "${long}" is 70 bytes: PostgreSQL truncates identifiers to 63 bytes` }],
    },
    {
      name: 'multibyte table name over 63 bytes',
      sql: `-- 日本\nCREATE TABLE "t_${'é'.repeat(40)}" (a int);`,
      errors: [{ line: 2, column: 14, endLine: 2, endColumn: 58, message: 'is 82 bytes' }],
    },
    {
      name: 'preset postgres',
      options: POSTGRES,
      sql: 'CREATE INDEX ix_orders_a ON orders (a);\nCREATE INDEX bad ON users (lower(email));\nALTER TABLE orders ADD CONSTRAINT pk_orders PRIMARY KEY (id), ADD CONSTRAINT c CHECK (total > 0);',
      errors: [
        { line: 1, column: 1, message: 'Index "ix_orders_a" on orders should be named "orders_a_idx".' },
        { line: 2, column: 1, message: 'Index "bad" on users should be named "users_lower_idx".' },
        { line: 3, column: 24, message: 'Primary key "pk_orders" on orders should be named "orders_pkey".' },
        { line: 3, column: 67, message: 'Check constraint "c" on orders should be named "orders_total_check".' },
      ],
    },
    {
      name: 'patterns override the preset',
      options: { patterns: { index: 'idx_{table}_{columns}', table: 'tbl_{any}' } },
      sql: 'CREATE TABLE orders (id int);\nCREATE INDEX ix_orders_id ON orders (id);',
      errors: [
        { line: 1, column: 14, message: 'Table name "orders" does not match the naming convention "tbl_{any}".' },
        { line: 2, column: 1, message: 'Index "ix_orders_id" on orders should be named "idx_orders_id".' },
      ],
    },
    {
      name: 'inside a DO block',
      sql: 'DO $$\nBEGIN\n  CREATE INDEX bad ON orders (a);\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 33, message: 'should be named "ix_orders_a"' }],
    },
    {
      name: 'CRLF line endings',
      sql: 'CREATE TABLE orders (\r\n  id int,\r\n  CONSTRAINT orders_pk PRIMARY KEY (id)\r\n);\r\n',
      errors: [{ line: 3, column: 3, endLine: 4, endColumn: 2, message: 'should be named "pk_orders"' }],
    },
    {
      name: 'a suppression covers only its statement',
      sql: '-- migrationlint-ignore naming-convention -- legacy\nCREATE INDEX legacy_idx ON orders (a);\nCREATE INDEX new_idx ON orders (b);',
      errors: [{ line: 3, column: 1, message: 'Index "new_idx" on orders should be named "ix_orders_b".' }],
    },
  ],
});
