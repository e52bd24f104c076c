import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'invalid-file',
    kind: 'builtin',
    description: 'A migration file that is not UTF-8 text (binary, NUL bytes, another encoding) or cannot be read.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'PostgreSQL would receive bytes it cannot interpret; the file cannot be linted, so nothing about it is known to be safe.',
      solution: 'Save the file as UTF-8 text; keep binary files out of the migrations directory.',
      bad: 'SELECT 1;\u0000',
      good: 'SELECT 1;',
    },
  },
  create: () => ({}),
});
