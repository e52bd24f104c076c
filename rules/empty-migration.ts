import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'empty-migration',
    kind: 'builtin',
    description: 'A migration whose up part holds no SQL (only whitespace or comments).',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'An empty migration is usually a file saved before it was written, or SQL placed under the wrong section marker; it is recorded as applied and never runs.',
      solution: 'Write the migration, or delete the file.',
      bad: '-- TODO: add the orders table\n',
      good: 'CREATE TABLE orders (id bigint PRIMARY KEY);',
    },
  },
  create: () => ({}),
});
