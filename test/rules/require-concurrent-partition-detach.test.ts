import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('require-concurrent-partition-detach', {
  valid: [
    'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
    'ALTER TABLE events DETACH PARTITION events_2023 FINALIZE;',
    { name: 'before PostgreSQL 14', pgVersion: 13, sql: 'ALTER TABLE events DETACH PARTITION events_2023;' },
    { name: 'a table created in the migration', sql: 'CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\nALTER TABLE events DETACH PARTITION events_2023;' },
    "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
  ],
  invalid: [
    {
      sql: 'ALTER TABLE events DETACH PARTITION events_2023;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 48, message: 'DETACH PARTITION events_2023 without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on events: queries on every partition of events wait until it commits.' }],
    },
    {
      name: 'quoted, schema-qualified partition',
      sql: 'ALTER TABLE app.events DETACH PARTITION app."Events 2023";',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 58, message: 'DETACH PARTITION Events 2023' }],
    },
    {
      sql: 'alter table if exists events detach partition e1;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 49 }],
    },
    {
      name: 'inside an explicit transaction: no fix',
      sql: 'BEGIN;\nALTER TABLE events DETACH PARTITION events_2023;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 48 }],
    },
    {
      name: 'assumeInTransaction: no fix',
      assumeInTransaction: true,
      sql: 'ALTER TABLE events DETACH PARTITION events_2023;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 48, message: 'DETACH PARTITION events_2023' }],
    },
    {
      name: 'inside a DO block: no fix',
      sql: 'DO $$\nBEGIN\n  ALTER TABLE events DETACH PARTITION events_2023;\nEND\n$$;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 50 }],
    },
    {
      name: 'CRLF line endings',
      sql: '-- detach\r\nALTER TABLE events DETACH PARTITION events_2023;\r\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 48 }],
    },
  ],
});
