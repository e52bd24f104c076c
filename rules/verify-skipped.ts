import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'verify-skipped',
    kind: 'builtin',
    description: 'A migration `migrationlint verify` could not run: an extension PGlite cannot load, or SQL that does not parse.',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'The embedded PGlite database loads plpgsql and the contrib modules it bundles (pgcrypto, uuid-ossp, pg_trgm, hstore, citext, ltree, btree_gist …), not postgis, pg_cron, timescaledb or other extensions. A migration that creates one cannot be replayed there, nor can the migrations after it (they may use it): verify says so at the CREATE EXTENSION statement instead of reporting failures that are not the migration\'s fault.',
      solution: 'Verify on a PostgreSQL server that has the extension: `migrationlint verify --shadow-url postgres://…` creates a throwaway database there and drops it afterwards.',
      bad: '-- UP\nCREATE EXTENSION IF NOT EXISTS postgis;\n-- DOWN\nDROP EXTENSION postgis;',
      good: '-- UP\nCREATE EXTENSION IF NOT EXISTS pgcrypto;\n-- DOWN\nDROP EXTENSION pgcrypto;',
    },
  },
  create: () => ({}),
});
