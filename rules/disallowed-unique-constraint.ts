import { defineRule } from '../src/rule.js';
import { additionsToExistingTable, columnConstraints } from '../src/facts/alter-table.js';
import { relationName } from '../src/facts/names.js';

export default defineRule({
  meta: {
    id: 'disallowed-unique-constraint',
    kind: 'rule',
    description: 'ADD CONSTRAINT … UNIQUE (or ADD COLUMN … UNIQUE) on an existing table, instead of UNIQUE USING INDEX.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER TABLE … ADD CONSTRAINT … UNIQUE builds the unique index while holding an ACCESS EXCLUSIVE lock on the table: every query on it, reads included, waits until the whole index is built. ADD COLUMN … UNIQUE does the same.',
      solution:
        'Build the index first without blocking, with CREATE UNIQUE INDEX CONCURRENTLY (in a migration that does not run in a transaction), then attach it: ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX …, which only takes a brief lock. A table created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      good: [
        'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);',
        '-- and in a later migration:',
        'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
      ].join('\n'),
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        for (const { constraint: c, column } of additionsToExistingTable(node, ctx.facts, ctx.statement.index)) {
          if (c) {
            if (c.contype !== 'CONSTR_UNIQUE' || c.indexname) continue;
            const name = c.conname ?? 'unique_constraint_name';
            ctx.report({
              message: `ADD CONSTRAINT${c.conname ? ` ${c.conname}` : ''} … UNIQUE builds its index under an ACCESS EXCLUSIVE lock on ${table}, blocking reads and writes on ${table} until the index is built.`,
              help: `CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${table} (…) first, then ALTER TABLE ${table} ADD CONSTRAINT ${name} UNIQUE USING INDEX ${name}.`,
              ...(c.location !== undefined ? { location: c.location } : {}),
            });
          } else {
            const unique = columnConstraints(column).find((k) => k.contype === 'CONSTR_UNIQUE');
            if (!unique) continue;
            const name = column.colname ?? 'the column';
            ctx.report({
              message: `ADD COLUMN ${name} … UNIQUE builds a unique index under an ACCESS EXCLUSIVE lock on ${table}, blocking reads and writes on ${table} until the index is built.`,
              help: `Add ${name} without UNIQUE, CREATE UNIQUE INDEX CONCURRENTLY on it, then ADD CONSTRAINT … UNIQUE USING INDEX.`,
              ...(unique.location !== undefined ? { location: unique.location } : {}),
            });
          }
        }
      },
    };
  },
});
