import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'syntax-error',
    kind: 'builtin',
    description: 'A statement PostgreSQL cannot parse.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'PostgreSQL would reject the statement when the migration runs, after the statements before it have already run (when not in a transaction). Reported at the position the PostgreSQL 18 parser reports, with its message; the other statements of the file are still linted.',
      solution: 'Fix the statement. Syntax that only another database accepts (SQLite, MySQL) or template placeholders do not belong in a PostgreSQL migration.',
      bad: 'CREATE TABLE users (id bigint PRIMARY KEY,);',
      good: 'CREATE TABLE users (id bigint PRIMARY KEY);',
    },
  },
  create: () => ({}),
});
