import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'verify-down-mismatch',
    kind: 'builtin',
    description: 'A down migration that fails, or does not restore the schema its up started from (`migrationlint verify`).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A rollback is trusted in an emergency; a down that leaves a table, an index, a column or a constraint behind (or drops one the up did not create) makes the next deploy of the up fail or, worse, succeed on a different schema. `migrationlint verify` applies the up, then the down, and compares the catalogs (tables, columns, types, defaults, constraints, indexes, sequences, enums, functions, triggers, policies) with those before the up; the finding lists the objects that differ.',
      solution: 'Make the down undo exactly what the up does, in reverse order: drop what it created, re-create what it dropped, restore what it altered.',
      bad: '-- UP\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);\n-- DOWN\nDROP INDEX orders_status_idx;',
      good: '-- UP\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);\n-- DOWN\nDROP TABLE orders;',
    },
  },
  create: () => ({}),
});
