import { ruleTester } from '../helpers/rule-tester.js';

const SET = {
  filename: '001_attach.sql',
  others: {
    '000_init.sql': [
      'CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);',
      'CREATE TABLE events_2025 (id bigint, at timestamptz);',
      "ALTER TABLE events_2025 ADD CONSTRAINT events_2025_id CHECK (id > 0);",
    ].join('\n'),
  },
};
const ATTACH = "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');";

ruleTester('attach-partition-without-check', {
  valid: [
    {
      ...SET,
      name: 'a validated CHECK on the key column',
      sql: `ALTER TABLE events_2025 ADD CONSTRAINT b CHECK (at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01') NOT VALID;\nALTER TABLE events_2025 VALIDATE CONSTRAINT b;\n${ATTACH}`,
    },
    { ...SET, name: 'a table created earlier in the migration', sql: `CREATE TABLE events_2026 (id bigint, at timestamptz);\n${ATTACH.replaceAll('2025', '2026')}` },
    'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
    {
      name: 'a table the model does not know, with a CHECK added and validated earlier in the migration',
      sql: "ALTER TABLE app.e1 ADD CONSTRAINT b CHECK (at >= '2025-01-01') NOT VALID;\nALTER TABLE app.e1 VALIDATE CONSTRAINT b;\nALTER TABLE app.events ATTACH PARTITION app.e1 DEFAULT;",
    },
  ],
  invalid: [
    {
      ...SET,
      name: 'only a CHECK on another column',
      sql: ATTACH,
      errors: [
        {
          line: 1,
          column: 37,
          endLine: 1,
          endColumn: 97,
          message:
            'ATTACH PARTITION events_2025 scans every row of events_2025 to check the partition bound under an ACCESS EXCLUSIVE lock, blocking reads and writes of events_2025 until commit: no validated CHECK constraint on events_2025 proves the bound.',
        },
      ],
    },
    { ...SET, name: 'a CHECK on the key still NOT VALID', sql: `ALTER TABLE events_2025 ADD CONSTRAINT b CHECK (at >= '2025-01-01') NOT VALID;\n${ATTACH}`, errors: [{ line: 2, column: 37 }] },
    {
      name: 'a table the model does not know, its CHECK never validated',
      sql: "ALTER TABLE e1 ADD CONSTRAINT b CHECK (at >= '2025-01-01') NOT VALID;\nALTER TABLE events ATTACH PARTITION e1 DEFAULT;",
      errors: [{ line: 2, column: 37 }],
    },
    { name: 'a table the model does not know', sql: "ALTER TABLE app.events ATTACH PARTITION app.events_old DEFAULT;", errors: [{ line: 1, column: 41, endLine: 1, endColumn: 63, message: 'ATTACH PARTITION app.events_old scans' }] },
  ],
});
