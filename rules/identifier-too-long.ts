import { defineRule } from '../src/rule.js';
import { longIdentifiers, MAX_IDENTIFIER_BYTES, utf8Bytes } from '../src/facts/identifiers.js';

export default defineRule({
  meta: {
    id: 'identifier-too-long',
    kind: 'rule',
    description: 'Identifiers over 63 bytes, which PostgreSQL silently truncates.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'PostgreSQL silently truncates identifiers to 63 bytes (NAMEDATALEN - 1), in UTF-8: the object gets a different name than the one written, so a later migration or query that spells the full name differently fails, and two long names that share their first 63 bytes collide ("relation already exists").',
      solution: 'Choose names of at most 63 bytes (non-ASCII letters take 2–4 bytes each).',
      bad: 'CREATE INDEX CONCURRENTLY index_orders_on_customer_id_and_created_at_and_status_and_region ON orders (customer_id, created_at, status, region);',
      good: 'CREATE INDEX CONCURRENTLY ix_orders_customer_created_status_region ON orders (customer_id, created_at, status, region);',
    },
  },
  create(ctx) {
    return {
      statement(statement) {
        for (const id of longIdentifiers(statement.text)) {
          ctx.report({
            message: `Identifier "${id.full}" is ${utf8Bytes(id.full)} bytes: PostgreSQL truncates it to ${MAX_IDENTIFIER_BYTES} bytes, so the object is really named "${id.truncated}".`,
            help: `Choose a name of at most ${MAX_IDENTIFIER_BYTES} bytes.`,
            span: { start: statement.span.start + id.start, end: statement.span.start + id.end },
          });
        }
      },
    };
  },
});
