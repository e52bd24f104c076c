import { defineRule } from '../src/rule.js';
import { featuresNewerThan, hasFeatureNewerThan } from '../src/facts/versions/syntax.js';

export default defineRule({
  meta: {
    id: 'unsupported-syntax',
    kind: 'rule',
    description: 'A statement uses syntax, a function or a parameter that the configured pgVersion does not have yet.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'The parser is PostgreSQL 18\'s, so it accepts everything up to 18; the server the migration runs on may be older. MERGE (15), MERGE … RETURNING and SET EXPRESSION (17), a NOT NULL table constraint, NOT ENFORCED, virtual generated columns and uuidv7() (18) … are rejected by older servers (a syntax error, or an unknown function or parameter) — at deploy time. `verify` replays on PGlite, which is PostgreSQL 18, so it cannot catch them either.',
      solution:
        'Write the statement in the syntax of the oldest server it runs on (docs/postgres-versions.md lists what each major added), or raise `pgVersion` in the config when every server is new enough.',
      bad: 'MERGE INTO stock s USING deliveries d ON s.item_id = d.item_id\nWHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty\nRETURNING s.item_id;',
      good: 'MERGE INTO stock s USING deliveries d ON s.item_id = d.item_id\nWHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty;',
    },
  },
  create(ctx) {
    // Most statements use nothing newer than pgVersion: the handlers look at the nodes that may
    // (on the dispatch's one walk of the statement), and only a statement where one does is
    // searched again, for its features in order.
    let sighted = false;
    const sight = (key: string) => (node: object) => {
      if (!sighted && hasFeatureNewerThan(key, node, ctx.pgVersion)) sighted = true;
    };
    const returning = (node: { returningClause?: object }) => {
      if (!sighted && node.returningClause && hasFeatureNewerThan('returningClause', node.returningClause, ctx.pgVersion)) sighted = true;
    };
    const merge = sight('MergeStmt');
    return {
      Constraint: sight('Constraint'),
      MergeStmt: (node) => {
        merge(node);
        returning(node);
      },
      MergeWhenClause: sight('MergeWhenClause'),
      MergeSupportFunc: sight('MergeSupportFunc'),
      InsertStmt: returning,
      UpdateStmt: returning,
      DeleteStmt: returning,
      AlterTableCmd: sight('AlterTableCmd'),
      PartitionCmd: sight('PartitionCmd'),
      ColumnDef: sight('ColumnDef'),
      IndexStmt: sight('IndexStmt'),
      ReindexStmt: sight('ReindexStmt'),
      CreateTrigStmt: sight('CreateTrigStmt'),
      VariableSetStmt: sight('VariableSetStmt'),
      FuncCall: sight('FuncCall'),
      endOfStatement() {
        if (!sighted) return;
        sighted = false;
        const statement = ctx.statement;
        for (const f of featuresNewerThan(statement.node, ctx.pgVersion)) {
          ctx.report({
            message: `${f.feature} needs PostgreSQL ${f.since}; pgVersion is ${ctx.pgVersion}, whose server rejects this statement.`,
            help: `Write it without ${f.feature} for PostgreSQL ${ctx.pgVersion}, or set pgVersion to ${f.since} or later if every server the migrations run on is that new.`,
            ...(f.location !== undefined ? { location: f.location } : {}),
          });
        }
      },
    };
  },
});
