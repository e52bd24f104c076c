import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'verify-up-not-repeatable',
    kind: 'builtin',
    description: 'An up migration that fails, or gives another schema, when applied again after its down (`migrationlint verify`).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'Rolling back and re-applying a migration is the usual way out of a bad deploy. When the down leaves behind something the catalogs compared by verify do not show — a role, rows the up inserts, a setting — the up fails the second time, or builds a different schema. `migrationlint verify` applies up, down, then up again, and compares the second schema with the first.',
      solution: 'Make the down remove everything the up creates, including roles and seeded rows; or make the up tolerate what may already be there.',
      bad: '-- UP\nCREATE ROLE reporting NOLOGIN;\nCREATE TABLE reports (id bigint PRIMARY KEY);\nGRANT SELECT ON reports TO reporting;\n-- DOWN\nDROP TABLE reports;',
      good: '-- UP\nCREATE ROLE reporting NOLOGIN;\nCREATE TABLE reports (id bigint PRIMARY KEY);\nGRANT SELECT ON reports TO reporting;\n-- DOWN\nDROP TABLE reports;\nDROP ROLE reporting;',
    },
  },
  create: () => ({}),
});
