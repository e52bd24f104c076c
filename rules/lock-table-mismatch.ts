import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'lock-table-mismatch',
    kind: 'builtin',
    description: "A statement whose locks or rewrites, traced on a real database (`migrationlint trace`), differ from migrationlint's static lock table.",
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'The lock rules and `apply --dry-run` trust a static lock table: which lock each statement takes on which relation, and whether it rewrites it. Some locks depend on the catalog, not on the text (dropping a foreign key also locks the referenced table); `migrationlint trace` runs the migration after its predecessors, statement by statement, reads pg_locks and relfilenodes, and reports every difference so the static facts stay honest.',
      solution: 'Read the traced locks: plan for the stronger lock (a maintenance window, lock_timeout, or a safer statement). If the trace shows the static table is wrong for a statement, report it.',
      bad: '-- migration 001 (before): CREATE TABLE parent (id bigint PRIMARY KEY);\n--   CREATE TABLE child (id bigint, parent_id bigint CONSTRAINT child_parent_fk REFERENCES parent);\n-- migration 002 (traced):\nALTER TABLE child DROP CONSTRAINT child_parent_fk;',
      good: '-- migration 001 (before): CREATE TABLE parent (id bigint PRIMARY KEY);\n--   CREATE TABLE child (id bigint, parent_id bigint CONSTRAINT child_parent_fk REFERENCES parent);\n-- migration 002 (traced):\nALTER TABLE child ADD COLUMN note text;',
    },
  },
  create: () => ({}),
});
