import { ruleTester } from '../helpers/rule-tester.js';

ruleTester('ban-exclusion-constraint', {
  valid: [
    'CREATE TABLE bookings (room_id bigint, during tstzrange, EXCLUDE USING gist (room_id WITH =, during WITH &&));',
    'CREATE TABLE bookings (room_id bigint, during tstzrange);\nALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);',
    'ALTER TABLE bookings ADD CONSTRAINT bookings_room_key UNIQUE (room_id);',
    'ALTER TABLE bookings DROP CONSTRAINT no_overlap;',
  ],
  invalid: [
    {
      sql: 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);',
      errors: [{ line: 1, column: 26, endLine: 1, endColumn: 99, message: 'ADD CONSTRAINT no_overlap … EXCLUDE builds its index and checks every row of bookings under an ACCESS EXCLUSIVE lock' }],
    },
    {
      name: 'a table created by an earlier migration is an existing table',
      filename: '002_exclude.sql',
      others: { '001_bookings.sql': 'CREATE TABLE bookings (room_id bigint, during tstzrange);' },
      sql: 'ALTER TABLE bookings\n  ADD EXCLUDE USING gist (during WITH &&) WHERE (room_id IS NOT NULL);',
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 70, message: 'cannot be added NOT VALID' }],
    },
    {
      name: 'among other commands, schema-qualified',
      sql: 'ALTER TABLE app.bookings\n  ADD COLUMN note text,\n  ADD CONSTRAINT x EXCLUDE (room_id WITH =);',
      errors: [{ line: 3, column: 7, endLine: 3, endColumn: 44, message: 'every row of app.bookings' }],
    },
    {
      name: 'inside a DO block',
      sql: "DO $$\nBEGIN\n  ALTER TABLE bookings ADD CONSTRAINT x EXCLUDE USING gist (during WITH &&);\nEND\n$$;",
      errors: [{ line: 3, column: 28, endLine: 3, endColumn: 76 }],
    },
  ],
});
