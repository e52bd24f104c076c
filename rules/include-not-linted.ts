import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'include-not-linted',
    kind: 'builtin',
    description: "A migration runs another file's statements (psql's \\i or \\ir in a sqitch script) that are not linted as part of it.",
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        "psql runs the included file's statements where the `\\i` / `\\ir` line stands, inside whatever transaction the script has open; migrationlint reads one file per migration, so those statements are not linted in that place (a lock they take, a table they create, the transaction they run in are not known).",
      solution:
        'Write the statements into the migration itself, or lint the included file on its own as well (add its directory to `migrations`) and suppress this finding with a reason once you have.',
      bad: '-- sqitch deploy/orders.sql, run by psql\nBEGIN;\n\\ir ../shared/orders_table.sql\nCOMMIT;',
      good: 'BEGIN;\nCREATE TABLE orders (id bigint PRIMARY KEY);\nCOMMIT;',
    },
  },
  create: () => ({}),
});
