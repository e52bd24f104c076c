import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { commandsOnExistingTable } from '../src/facts/alter-table.js';
import { columnType } from '../src/facts/schema/index.js';

export default defineRule({
  meta: {
    id: 'adding-constrained-domain-column',
    kind: 'rule',
    description: 'ADD COLUMN of a domain type with a CHECK or NOT NULL constraint on an existing table (rewrite under ACCESS EXCLUSIVE).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'When the type of an added column is a domain with constraints, PostgreSQL cannot keep the new value in the catalog as it does for a plain type: it checks the domain\'s constraints against the value of every existing row by rewriting the whole table, under an ACCESS EXCLUSIVE lock that blocks reads and writes until the rewrite ends — even with no DEFAULT, since NULL must pass the CHECK too.',
      solution:
        'Add the column with the domain\'s base type (no rewrite), add the domain\'s condition as a table CHECK constraint NOT VALID and VALIDATE it in a later statement; or create the domain without constraints. Domains the set\'s migrations create are known to the schema model; a table created earlier in the same migration is not flagged.',
      bad: "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');\nALTER TABLE users ADD COLUMN contact email;",
      good: "ALTER TABLE users ADD COLUMN contact text;\nALTER TABLE users ADD CONSTRAINT users_contact_check CHECK (contact LIKE '%@%') NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_contact_check;",
    },
  },
  create(ctx) {
    return {
      AlterTableStmt(node) {
        const table = relationName(node.relation);
        for (const { subtype, def } of commandsOnExistingTable(node, ctx.facts, ctx.statement.index)) {
          if (subtype !== 'AT_AddColumn' || !def || !('ColumnDef' in def)) continue;
          const type = columnType(def.ColumnDef.typeName).type;
          const domain = type.array ? undefined : ctx.facts.catalog.domain(type.name, type.schema);
          if (!domain || (domain.checks.length === 0 && !domain.notNull)) continue;
          const column = def.ColumnDef.colname ?? 'the column';
          const what = [...(domain.checks.length > 0 ? [`CHECK ${domain.checks.join(', ')}`] : []), ...(domain.notNull ? ['NOT NULL'] : [])].join(' and ');
          ctx.report({
            message: `ADD COLUMN ${column} of domain ${type.schema ? `${type.schema}.` : ''}${type.name} rewrites ${table} to check the domain's constraints (${what}) on every row, under an ACCESS EXCLUSIVE lock that blocks reads and writes on ${table} until the rewrite ends.`,
            help: `Add ${column} with the domain's base type, then add its condition as a CHECK constraint NOT VALID and VALIDATE it in a later statement.`,
            ...(def.ColumnDef.location !== undefined ? { location: def.ColumnDef.location } : {}),
          });
        }
      },
    };
  },
});
