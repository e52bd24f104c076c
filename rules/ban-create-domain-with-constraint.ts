import { defineRule } from '../src/rule.js';
import { qualifiedName as qualified } from '../src/facts/names.js';

export default defineRule({
  meta: {
    id: 'ban-create-domain-with-constraint',
    kind: 'rule',
    description: 'CREATE DOMAIN … CHECK: domain constraints cannot be changed without scanning every column of the domain.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A CHECK constraint on a domain applies to every column of that type in every table. Changing it later means ALTER DOMAIN … ADD CONSTRAINT, which checks every such column of every table while blocking writes to them, and a domain constraint cannot be added NOT VALID and validated per table the way a table constraint can.',
      solution: 'Create the domain without a CHECK (or use the base type), and put CHECK constraints on the table columns, where they can be added NOT VALID and validated without blocking.',
      bad: "CREATE DOMAIN email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$');",
      good: "CREATE TABLE subscribers (id bigint PRIMARY KEY, email text NOT NULL CONSTRAINT subscribers_email_format CHECK (email ~ '^[^@]+@[^@]+$'));",
    },
  },
  create(ctx) {
    return {
      CreateDomainStmt(node) {
        for (const raw of node.constraints ?? []) {
          if (!('Constraint' in raw) || raw.Constraint.contype !== 'CONSTR_CHECK') continue;
          ctx.report({
            message: `Domain ${qualified(node.domainname)} has a CHECK constraint: changing it later checks every column of type ${qualified(node.domainname)} in every table while blocking writes to them.`,
            help: 'Put the CHECK on the table columns instead, where it can be added NOT VALID and validated without blocking.',
            location: raw.Constraint.location,
          });
        }
      },
    };
  },
});
