import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('rewriting-table-option', {
  valid: [
    { name: 'a table created in the migration', sql: 'CREATE UNLOGGED TABLE events_import (id bigint);\nALTER TABLE events_import SET LOGGED;' },
    'VACUUM orders;',
    'VACUUM (FULL false) orders;',
    'ALTER TABLE orders SET (fillfactor = 70);',
    { name: 'CLUSTER ON only marks the index', sql: 'ALTER TABLE orders CLUSTER ON orders_pkey;' },
    { name: 'VACUUM FULL of a table created in the migration', sql: 'CREATE TABLE t (id int);\nVACUUM FULL t;' },
    { name: 'an index created in the migration moved', sql: 'CREATE INDEX t_idx ON orders (id);\nALTER INDEX t_idx SET TABLESPACE fast_ssd;' },
    { name: 'an index of a table created in the migration', sql: 'CREATE TABLE t (id int PRIMARY KEY);\nALTER INDEX t_pkey SET TABLESPACE fast_ssd;' },
    'ALTER INDEX orders_status_idx SET (fillfactor = 80);',
    {
      name: 'SET EXPRESSION of a virtual generated column (18) rewrites nothing',
      pgVersion: 18,
      filename: '002_expr.sql',
      others: { '001_base.sql': 'CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL);' },
      sql: 'ALTER TABLE g ALTER COLUMN b SET EXPRESSION AS (a * 3);',
    },
  ],
  invalid: [
    {
      name: 'ALL IN TABLESPACE moves every table, index or materialized view of the tablespace',
      sql: 'ALTER TABLE ALL IN TABLESPACE old_space SET TABLESPACE fast;\nALTER INDEX ALL IN TABLESPACE old_space OWNED BY app SET TABLESPACE fast NOWAIT;\nALTER MATERIALIZED VIEW ALL IN TABLESPACE old_space SET TABLESPACE fast;',
      errors: [
        { line: 1, column: 1, message: 'ALL IN TABLESPACE old_space SET TABLESPACE fast copies every table of this database in old_space: it takes an ACCESS EXCLUSIVE lock on all of them first, then copies them one by one, and reads and writes of every one of them wait until the transaction ends.' },
        { line: 2, column: 1, message: 'copies every index of this database in old_space: it takes an ACCESS EXCLUSIVE lock on all of them first, then copies them one by one, and queries on their tables wait' },
        { line: 3, column: 1, message: 'copies every materialized view of this database in old_space' },
      ],
    },
    {
      name: 'SET EXPRESSION of a stored generated column (17)',
      pgVersion: 17,
      filename: '002_expr.sql',
      others: { '001_base.sql': 'CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);' },
      sql: 'ALTER TABLE g ALTER COLUMN b SET EXPRESSION AS (a * 3);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 55, message: 'ALTER COLUMN b SET EXPRESSION rewrites g under an ACCESS EXCLUSIVE lock' }],
    },
    {
      name: 'on 19, REPACK is offered for VACUUM FULL',
      pgVersion: 19,
      sql: 'VACUUM FULL orders;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 19, message: 'VACUUM FULL rewrites orders', help: 'Use REPACK CONCURRENTLY (PostgreSQL 19' }],
    },
    {
      name: 'before 19, REPACK is not offered for CLUSTER',
      pgVersion: 18,
      sql: 'CLUSTER orders USING orders_pkey;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 33, message: 'CLUSTER rewrites orders', help: 'use pg_repack or pg_squeeze' }],
    },
    {
      sql: 'ALTER TABLE events SET LOGGED;',
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 30,
          message: 'SET LOGGED rewrites events under an ACCESS EXCLUSIVE lock: reads and writes of events wait until every row is copied and its indexes are rebuilt.',
        },
      ],
    },
    { sql: 'ALTER TABLE events SET UNLOGGED, SET (fillfactor = 50);', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 55, message: 'SET UNLOGGED rewrites events' }] },
    { sql: 'ALTER TABLE app.events SET ACCESS METHOD heap;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 46, message: 'SET ACCESS METHOD rewrites app.events' }] },
    {
      name: 'a materialized view moved to another tablespace',
      sql: 'ALTER MATERIALIZED VIEW order_totals SET TABLESPACE fast_ssd;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 61, message: 'SET TABLESPACE rewrites order_totals' }],
    },
    {
      name: 'one finding per table',
      sql: 'VACUUM FULL orders, invoices;',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 29, message: 'VACUUM FULL rewrites orders' },
        { line: 1, column: 1, endLine: 1, endColumn: 29, message: 'VACUUM FULL rewrites invoices' },
      ],
    },
    { sql: 'VACUUM FULL;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 12, message: 'VACUUM FULL without a table rewrites every table of the database' }] },
    { sql: 'CLUSTER orders USING orders_pkey;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 33, message: 'CLUSTER rewrites orders' }] },
    { sql: 'CLUSTER;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 8, message: 'CLUSTER without a table rewrites every previously clustered table' }] },
    {
      name: 'an existing index moved to another tablespace',
      sql: 'ALTER INDEX orders_status_idx SET TABLESPACE fast_ssd;',
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 54,
          message: 'SET TABLESPACE copies index orders_status_idx under an ACCESS EXCLUSIVE lock on it: queries on the table of orders_status_idx wait until the copy ends, since planning any query on a table locks all its indexes.',
        },
      ],
    },
    {
      name: 'an index the set created earlier: its table is named',
      others: { '000_init.sql': 'CREATE TABLE app.orders (id bigint PRIMARY KEY);' },
      filename: '001_move.sql',
      sql: 'ALTER INDEX app.orders_pkey SET TABLESPACE fast_ssd;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 52, message: 'queries on app.orders wait until the copy ends' }],
    },
    {
      name: 'the existing table, not the new one',
      sql: 'CREATE TABLE t (id int);\nVACUUM FULL t, orders;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 22, message: 'VACUUM FULL rewrites orders' }],
    },
  ],
});
