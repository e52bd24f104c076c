import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'suppression-missing-reason',
    kind: 'builtin',
    description: 'A suppression comment without a reason after `--`.',
    severity: 'off',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'A suppression is a decision reviewers must be able to check; without a reason it reads as an escape hatch.',
      solution: 'Write the reason after the rule ids: `-- migrationlint-ignore rule-id -- why this is safe`.',
      bad: '-- migrationlint-ignore ban-drop-database\nDROP DATABASE scratch;',
      good: '-- migrationlint-ignore ban-drop-database -- test database only\nDROP DATABASE scratch;',
    },
  },
  create: () => ({}),
});
