import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'verify-up-fails',
    kind: 'builtin',
    description: 'An up migration that PostgreSQL rejects when the set is replayed in order on an empty database (`migrationlint verify`).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'The migration parses, but PostgreSQL refuses it: a column or table that does not exist at that point of the set, a type mismatch, a duplicate name, a function body that does not compile. Only a database can tell; a fresh deploy (a new environment, a CI database) fails here. Reported by `migrationlint verify` at the failing statement, with PostgreSQL\'s error and its position.',
      solution: 'Fix the statement so it applies after the migrations before it; `migrationlint verify` replays the set on a throwaway PGlite (or `--shadow-url`) to prove it.',
      bad: '-- UP\nCREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- DOWN\nDROP TABLE orders;',
      good: '-- UP\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- DOWN\nDROP TABLE orders;',
    },
  },
  create: () => ({}),
});
