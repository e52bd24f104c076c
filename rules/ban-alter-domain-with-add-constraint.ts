import { defineRule } from '../src/rule.js';
import { qualifiedName as qualified } from '../src/facts/names.js';

export default defineRule({
  meta: {
    id: 'ban-alter-domain-with-add-constraint',
    kind: 'rule',
    description: 'ALTER DOMAIN … ADD CONSTRAINT: checks every column of the domain in every table, blocking writes.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER DOMAIN … ADD CONSTRAINT checks the new constraint against every column of that domain in every table, holding a lock that blocks writes to each of them for the whole scan. With NOT VALID the scan is skipped, but the constraint still applies at once to every write of every table using the domain, and validating it later scans them all.',
      solution: 'Add CHECK constraints to the table columns instead: ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later migration, per table.',
      bad: "ALTER DOMAIN email ADD CONSTRAINT email_format CHECK (VALUE ~ '^[^@]+@[^@]+$');",
      good: "ALTER TABLE subscribers ADD CONSTRAINT subscribers_email_format CHECK (email ~ '^[^@]+@[^@]+$') NOT VALID;",
    },
  },
  create(ctx) {
    return {
      AlterDomainStmt(node) {
        if (node.subtype !== 'C') return;
        const domain = qualified(node.typeName);
        const constraint = node.def && 'Constraint' in node.def ? node.def.Constraint : undefined;
        ctx.report({
          message: constraint?.skip_validation
            ? `ALTER DOMAIN ${domain} ADD CONSTRAINT … NOT VALID applies at once to writes of every table using ${domain}, and validating it scans them all.`
            : `ALTER DOMAIN ${domain} ADD CONSTRAINT checks every column of type ${domain} in every table, blocking writes to each of them for the whole scan.`,
          help: 'Add the CHECK to the table columns instead: ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a later migration.',
          ...(constraint?.location !== undefined ? { location: constraint.location } : {}),
        });
      },
    };
  },
});
