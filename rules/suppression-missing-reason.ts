import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'suppression-missing-reason',
    kind: 'builtin',
    description: 'A suppression comment without a reason after `--` (a `<placeholder>` in angle brackets is not one).',
    severity: 'off',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'A suppression is a decision reviewers must be able to check; without a reason it reads as an escape hatch.',
      solution: 'Write the reason after the rule ids: `-- migrationlint-ignore rule-id -- why this is safe`. The editor\'s "Ignore" quick fix leaves `<why is this safe?>` there for you to replace.',
      bad: '-- migrationlint-ignore ban-drop-database\nDROP DATABASE scratch;',
      good: '-- migrationlint-ignore ban-drop-database -- test database only\nDROP DATABASE scratch;',
    },
  },
  create: () => ({}),
});
