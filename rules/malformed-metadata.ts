import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'malformed-metadata',
    kind: 'builtin',
    description: 'A `-- @metadata {json}` header whose JSON does not parse or is not an object.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem: 'The runner reads version and options from the header; malformed JSON is ignored or fails at deploy time.',
      solution: 'Write a JSON object on the header line.',
      bad: '-- @metadata {version: 1}\n-- UP\nCREATE TABLE t (id bigint);\n-- DOWN\nDROP TABLE t;',
      good: '-- @metadata {"version": "1"}\n-- UP\nCREATE TABLE t (id bigint);\n-- DOWN\nDROP TABLE t;',
    },
  },
  create: () => ({}),
});
