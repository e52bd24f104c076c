import type { ColumnDef, Constraint, CreateStmt, Node, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import type { Span } from '../src/types.js';
import { relationName } from '../src/facts/names.js';

/** CREATE TABLE … (LIKE other INCLUDING INDEXES | ALL) copies the primary key. */
const LIKE_INCLUDING_INDEXES = 1 << 6;

const isPrimary = (n: Node) => 'Constraint' in n && n.Constraint.contype === 'CONSTR_PRIMARY';
const columnHasPrimary = (c: ColumnDef) => (c.constraints ?? []).some(isPrimary);

function declaresPrimaryKey(node: CreateStmt): boolean {
  return (node.tableElts ?? []).some(
    (e) =>
      isPrimary(e) ||
      ('ColumnDef' in e && columnHasPrimary(e.ColumnDef)) ||
      ('TableLikeClause' in e && ((e.TableLikeClause.options ?? 0) & LIKE_INCLUDING_INDEXES) !== 0),
  );
}

function addsPrimaryKey(cmd: Node): boolean {
  if (!('AlterTableCmd' in cmd)) return false;
  const def = cmd.AlterTableCmd.def;
  if (!def) return false;
  if (cmd.AlterTableCmd.subtype === 'AT_AddConstraint') return 'Constraint' in def && (def.Constraint as Constraint).contype === 'CONSTR_PRIMARY';
  return cmd.AlterTableCmd.subtype === 'AT_AddColumn' && 'ColumnDef' in def && columnHasPrimary(def.ColumnDef);
}

const key = (relation: RangeVar | undefined) => relation?.relname ?? '';

export default defineRule({
  meta: {
    id: 'require-primary-key',
    kind: 'rule',
    description: 'CREATE TABLE without a primary key.',
    severity: 'off',
    recommended: false,
    fixable: false,
    docs: {
      problem:
        'A table without a primary key has no reliable way to address one row: logical replication cannot replicate its UPDATEs and DELETEs (unless REPLICA IDENTITY FULL, which is slow), many ORMs and tools refuse or misbehave, and duplicate rows creep in. Adding the key later builds a unique index under a lock.',
      solution:
        'Declare a primary key in CREATE TABLE, or add one later in the same migration. Partitions (they inherit it), temporary tables and CREATE TABLE … (LIKE … INCLUDING INDEXES) are not flagged.',
      bad: 'CREATE TABLE page_views (path text NOT NULL, viewed_at timestamptz NOT NULL);',
      good: 'CREATE TABLE page_views (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, path text NOT NULL, viewed_at timestamptz NOT NULL);',
    },
  },
  create(ctx) {
    // Tables created without a key in this section, until a later ALTER TABLE adds one.
    const pending = new Map<string, { table: string; span: Span }>();
    return {
      CreateStmt(node) {
        if (node.relation?.relpersistence === 't' || node.partbound || declaresPrimaryKey(node)) return;
        const start = node.relation?.location !== undefined ? ctx.offsetOf(node.relation.location) : ctx.statement.span.start;
        pending.set(key(node.relation), { table: relationName(node.relation), span: { start, end: ctx.statement.span.end } });
      },
      AlterTableStmt(node) {
        if ((node.cmds ?? []).some(addsPrimaryKey)) pending.delete(key(node.relation));
      },
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_TABLE') return;
        for (const object of node.objects ?? []) {
          const items = 'List' in object ? (object.List.items ?? []) : [];
          const last = items[items.length - 1];
          if (last && 'String' in last && last.String.sval) pending.delete(last.String.sval);
        }
      },
      endOfSection() {
        for (const { table, span } of pending.values()) {
          ctx.report({
            message: `Table ${table} has no primary key: its rows cannot be addressed reliably, and logical replication cannot replicate its UPDATEs and DELETEs.`,
            help: `Add a primary key, e.g. id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, or ALTER TABLE ${table} ADD PRIMARY KEY (…) in this migration.`,
            span,
          });
        }
      },
    };
  },
});
