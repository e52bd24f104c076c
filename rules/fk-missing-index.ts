import type { ColumnDef, Constraint, RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';
import { relationName } from '../src/facts/names.js';
import { stringValues } from '../src/facts/node-lists.js';
import type { IndexInfo, TableInfo } from '../src/facts/schema/index.js';
import type { Span } from '../src/types.js';

interface AddedForeignKey {
  relation: RangeVar | undefined;
  columns: string[];
  name?: string;
  referenced: string;
  span: Span;
}

const sameSet = (a: readonly (string | null)[], b: readonly string[]) => a.length === b.length && b.every((c) => a.includes(c));

/** An index serves the foreign key when its leading columns are the referencing columns (in any order) and it covers every row. */
const serves = (index: IndexInfo, columns: readonly string[]) => !index.partial && sameSet(index.columns.slice(0, columns.length), columns);

/** The foreign key as it stands at the end of the section; none when dropped or its columns renamed. */
const standing = (table: TableInfo, columns: readonly string[]) =>
  [...table.constraints.values()].find((c) => c.kind === 'foreign-key' && c.columns.length === columns.length && c.columns.every((k, i) => k === columns[i]));

export default defineRule({
  meta: {
    id: 'fk-missing-index',
    kind: 'rule',
    description: 'A foreign key whose referencing columns are not the leading columns of any index (schema model, across files).',
    severity: 'warning',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'PostgreSQL indexes the referenced side of a foreign key (its primary key or unique constraint) but not the referencing columns. Without an index on them, every DELETE or key UPDATE on the referenced table scans the whole referencing table looking for rows that point at it (ON DELETE CASCADE and SET NULL too), under a lock, and joins on the key are slow.',
      solution:
        'Index the referencing columns: CREATE INDEX … ON child (parent_id), CONCURRENTLY when the table already holds rows. Any index whose leading columns are the foreign key\'s columns counts, including a primary key or unique constraint; a partial index does not. Indexes from earlier migrations of the set, indexes created later in the same migration and indexes a later migration of the set creates count (a history linted whole, or only its new migrations, reads the whole set); a table the schema model does not know is not checked. A foreign key that a later migration of the set drops (DROP CONSTRAINT, or DROP TABLE / DROP COLUMN taking it along) is not reported either, whether or not an index covered it meanwhile: it lacked an index while it stood, but that time is past, and the index the finding asks for would now serve no foreign key.',
      bad: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);',
      good: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);',
    },
  },
  create(ctx) {
    const added: AddedForeignKey[] = [];
    const record = (relation: RangeVar | undefined, fk: Constraint, column?: string) => {
      const columns = fk.fk_attrs ? stringValues(fk.fk_attrs) : column !== undefined ? [column] : [];
      if (columns.length === 0) return;
      const start = fk.location !== undefined ? ctx.offsetOf(fk.location) : ctx.statement.span.start;
      added.push({ relation, columns, ...(fk.conname ? { name: fk.conname } : {}), referenced: relationName(fk.pktable), span: { start, end: ctx.statement.span.end } });
    };
    const fromColumn = (relation: RangeVar | undefined, def: ColumnDef) => {
      for (const c of def.constraints ?? []) if ('Constraint' in c && c.Constraint.contype === 'CONSTR_FOREIGN') record(relation, c.Constraint, def.colname);
    };

    return {
      CreateStmt(node) {
        for (const elt of node.tableElts ?? []) {
          if ('ColumnDef' in elt) fromColumn(node.relation, elt.ColumnDef);
          else if ('Constraint' in elt && elt.Constraint.contype === 'CONSTR_FOREIGN') record(node.relation, elt.Constraint);
        }
      },
      AlterTableStmt(node) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        for (const item of node.cmds ?? []) {
          if (!('AlterTableCmd' in item)) continue;
          const { subtype, def } = item.AlterTableCmd;
          if (subtype === 'AT_AddConstraint' && def && 'Constraint' in def && def.Constraint.contype === 'CONSTR_FOREIGN') record(node.relation, def.Constraint);
          else if (subtype === 'AT_AddColumn' && def && 'ColumnDef' in def) fromColumn(node.relation, def.ColumnDef);
        }
      },
      // Indexes created later in the same migration count, so the check waits for the end.
      endOfSection() {
        for (const fk of added) {
          const table = ctx.facts.catalog.table(fk.relation);
          const constraint = table && standing(table, fk.columns);
          if (!table || !constraint) continue;
          if ([...table.indexes.values()].some((index) => serves(index, fk.columns))) continue;
          const columns = fk.columns.join(', ');
          const name = relationName(fk.relation);
          ctx.report({
            message: `Foreign key${fk.name ? ` ${fk.name}` : ''} on ${name} (${columns}) has no index with (${columns}) as its leading columns: every DELETE or key UPDATE on ${fk.referenced} scans ${name} for referencing rows.`,
            help: `CREATE INDEX CONCURRENTLY ON ${name} (${columns}) (a plain CREATE INDEX in this migration when ${name} is new).`,
            span: fk.span,
            withdrawnByIndex: { table: `${table.schema}.${table.name}`, columns: fk.columns, foreignKey: constraint.name },
          });
        }
      },
    };
  },
});
