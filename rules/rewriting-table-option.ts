import type { AlterTableStmt, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { hasOption } from '../src/facts/locks/options.js';

const REWRITING: Record<string, string> = {
  AT_SetLogged: 'SET LOGGED',
  AT_SetUnLogged: 'SET UNLOGGED',
  AT_SetAccessMethod: 'SET ACCESS METHOD',
  AT_SetTableSpace: 'SET TABLESPACE',
};

/** What ALTER … ALL IN TABLESPACE moves, by its object type. */
const MOVED_ALL: Record<string, string> = { OBJECT_TABLE: 'table', OBJECT_INDEX: 'index', OBJECT_MATVIEW: 'materialized view' };

const onlineRebuild = (pgVersion: number) =>
  pgVersion >= 19
    ? 'Use REPACK CONCURRENTLY (PostgreSQL 19; SHARE UPDATE EXCLUSIVE, reads and writes go on; it needs a replication slot, one at a time), or pg_repack / pg_squeeze; plain VACUUM (no FULL) does not block reads or writes.'
    : 'To reclaim space or reorder rows without the long lock, use pg_repack or pg_squeeze; plain VACUUM (no FULL) does not block reads or writes.';

export default defineRule({
  meta: {
    id: 'rewriting-table-option',
    kind: 'rule',
    description: 'SET LOGGED/UNLOGGED, SET ACCESS METHOD, SET TABLESPACE, SET EXPRESSION of a stored generated column, VACUUM FULL or CLUSTER on an existing table, ALTER INDEX … SET TABLESPACE on an existing index, ALTER … ALL IN TABLESPACE (rewrite under ACCESS EXCLUSIVE).',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'ALTER TABLE … SET LOGGED / SET UNLOGGED / SET ACCESS METHOD / SET TABLESPACE, ALTER COLUMN … SET EXPRESSION of a stored generated column (PostgreSQL 17), VACUUM FULL and CLUSTER copy every row of the table into new files while holding ACCESS EXCLUSIVE: no query can read or write the table until the copy (and its index rebuilds) is done — minutes to hours on a large table. ALTER INDEX … SET TABLESPACE copies the index under ACCESS EXCLUSIVE on it, and since planning a query on a table locks all of its indexes, queries on the table wait as well. ALTER TABLE / INDEX / MATERIALIZED VIEW ALL IN TABLESPACE … SET TABLESPACE locks every such relation of the database in the tablespace first, then copies them one by one.',
      solution:
        'Avoid them on live tables. VACUUM FULL and CLUSTER have online equivalents (pg_repack, pg_squeeze; REPACK CONCURRENTLY from PostgreSQL 19); SET EXPRESSION of a virtual generated column (PostgreSQL 18) does not rewrite; for SET LOGGED/UNLOGGED, ACCESS METHOD or TABLESPACE, build a new table beside the old one, copy in batches and swap names, or run it in a maintenance window with a lock_timeout. To move an index, build a new one with CREATE INDEX CONCURRENTLY … TABLESPACE and drop the old one concurrently. A table or index created earlier in the same migration is not flagged.',
      bad: 'ALTER TABLE events SET LOGGED;',
      good: "CREATE UNLOGGED TABLE events_import (LIKE events);\n-- load, then swap in a maintenance window",
    },
  },
  create(ctx) {
    const existing = (relation: RangeVar | undefined) => !ctx.facts.isTableCreatedEarlier(relation, ctx.statement.index);
    // The schema model knows a virtual column (18): its SET EXPRESSION rewrites nothing.
    const isVirtual = (relation: RangeVar | undefined, column: string | undefined) => column !== undefined && ctx.facts.catalog.table(relation)?.columns.get(column)?.generated === 'virtual';
    const name = (relation: RangeVar | undefined) => (relation?.schemaname ? `${relation.schemaname}.${relation.relname}` : (relation?.relname ?? 'the table'));
    const rewrite = (what: string, relation: RangeVar | undefined, help: string) =>
      ctx.report({
        message: `${what} rewrites ${name(relation)} under an ACCESS EXCLUSIVE lock: reads and writes of ${name(relation)} wait until every row is copied and its indexes are rebuilt.`,
        help,
      });
    /** ALTER INDEX … SET TABLESPACE copies the index; queries on its table plan with every index, so they wait too. */
    const movedIndex = (node: AlterTableStmt) => {
      const moves = (node.cmds ?? []).some((cmd) => 'AlterTableCmd' in cmd && cmd.AlterTableCmd.subtype === 'AT_SetTableSpace');
      const rel = node.relation;
      if (!moves || !rel?.relname || ctx.facts.isIndexCreatedEarlier(rel.schemaname, rel.relname, ctx.statement.index)) return;
      const table = ctx.facts.catalog.index(rel.relname, rel.schemaname)?.table;
      if (table && ctx.facts.isTableCreatedEarlier({ schemaname: table.schema, relname: table.name }, ctx.statement.index)) return;
      const onTable = table ? (table.schema === 'public' ? table.name : `${table.schema}.${table.name}`) : `the table of ${name(rel)}`;
      ctx.report({
        message: `SET TABLESPACE copies index ${name(rel)} under an ACCESS EXCLUSIVE lock on it: queries on ${onTable} wait until the copy ends, since planning any query on a table locks all its indexes.`,
        help: 'Build a new index in the target tablespace with CREATE INDEX CONCURRENTLY … TABLESPACE, then drop the old one with DROP INDEX CONCURRENTLY.',
      });
    };
    return {
      AlterTableStmt(node) {
        if (node.objtype === 'OBJECT_INDEX') return movedIndex(node);
        if (node.objtype !== 'OBJECT_TABLE' && node.objtype !== 'OBJECT_MATVIEW') return;
        if (!existing(node.relation)) return;
        for (const cmd of node.cmds ?? []) {
          const what = 'AlterTableCmd' in cmd && cmd.AlterTableCmd.subtype ? REWRITING[cmd.AlterTableCmd.subtype] : undefined;
          if (what) rewrite(what, node.relation, 'Build a new table beside it, copy in batches and swap names, or run it in a maintenance window with a lock_timeout.');
          if ('AlterTableCmd' in cmd && cmd.AlterTableCmd.subtype === 'AT_SetExpression' && !isVirtual(node.relation, cmd.AlterTableCmd.name)) {
            rewrite(
              `ALTER COLUMN ${cmd.AlterTableCmd.name ?? ''} SET EXPRESSION`,
              node.relation,
              'Add a new plain column, fill it in batches (a trigger for new rows), and swap it in; on PostgreSQL 18 a VIRTUAL generated column changes its expression without a rewrite.',
            );
          }
        }
      },
      VacuumStmt(node) {
        if (!node.is_vacuumcmd || !hasOption(node.options, 'full')) return;
        const rels = (node.rels ?? []).flatMap((r) => ('VacuumRelation' in r ? [r.VacuumRelation.relation] : []));
        if (rels.length === 0) {
          ctx.report({ message: 'VACUUM FULL without a table rewrites every table of the database, each under an ACCESS EXCLUSIVE lock.', help: onlineRebuild(ctx.pgVersion) });
          return;
        }
        for (const relation of rels) if (existing(relation)) rewrite('VACUUM FULL', relation, onlineRebuild(ctx.pgVersion));
      },
      // ALTER TABLE / INDEX / MATERIALIZED VIEW ALL IN TABLESPACE a SET TABLESPACE b: every such
      // relation of the database in a is locked first, then copied one by one, all locks held to commit.
      AlterTableMoveAllStmt(node) {
        const kind = MOVED_ALL[node.objtype ?? ''];
        if (!kind) return;
        const from = node.orig_tablespacename ?? 'the tablespace';
        const readers = kind === 'index' ? 'queries on their tables wait' : 'reads and writes of every one of them wait';
        ctx.report({
          message: `ALL IN TABLESPACE ${from} SET TABLESPACE ${node.new_tablespacename ?? ''} copies every ${kind} of this database in ${from}: it takes an ACCESS EXCLUSIVE lock on all of them first, then copies them one by one, and ${readers} until the transaction ends.`,
          help:
            kind === 'index'
              ? 'Move indexes one at a time: CREATE INDEX CONCURRENTLY … TABLESPACE in the target, then DROP INDEX CONCURRENTLY the old one.'
              : 'Move one table at a time in a maintenance window with a lock_timeout, or build new tables in the target tablespace, copy in batches and swap names.',
        });
      },
      ClusterStmt(node) {
        if (!node.relation) {
          ctx.report({ message: 'CLUSTER without a table rewrites every previously clustered table of the database, each under an ACCESS EXCLUSIVE lock.', help: onlineRebuild(ctx.pgVersion) });
          return;
        }
        if (existing(node.relation)) rewrite('CLUSTER', node.relation, onlineRebuild(ctx.pgVersion));
      },
    };
  },
});
