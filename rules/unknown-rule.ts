import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'unknown-rule',
    kind: 'builtin',
    description: 'A suppression comment naming a rule that does not exist.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'A misspelled rule id suppresses nothing, and the finding it was meant for still blocks (or the typo hides that it no longer exists).',
      solution: 'Use an id from `migrationlint rules`.',
      bad: '-- migrationlint-ignore ban-drop-databse -- typo\nDROP DATABASE scratch;',
      good: '-- migrationlint-ignore ban-drop-database -- test database only\nDROP DATABASE scratch;',
    },
  },
  create: () => ({}),
});
