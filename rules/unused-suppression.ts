import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'unused-suppression',
    kind: 'builtin',
    description: 'A suppression comment that suppresses nothing.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'A stale `migrationlint-ignore` hides the next real problem on that statement and misleads reviewers about what is risky.',
      solution: 'Delete the comment, or name the rule that really fires.',
      bad: '-- migrationlint-ignore ban-drop-database -- cleanup\nCREATE TABLE users (id bigint);',
      good: '-- migrationlint-ignore ban-drop-database -- test database only\nDROP DATABASE scratch;',
    },
  },
  create: () => ({}),
});
