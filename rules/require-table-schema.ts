import type { RangeVar } from '@pgsql/types';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'require-table-schema',
    kind: 'rule',
    description: 'Unqualified table names in CREATE / ALTER / DROP TABLE.',
    severity: 'off',
    recommended: false,
    fixable: false,
    docs: {
      problem:
        'An unqualified table name is resolved through the session\'s search_path, which differs between a developer\'s shell, the migration runner, and roles with their own settings: the same migration can create or alter a table in a different schema than intended.',
      solution: 'Qualify table names with their schema (public.orders) in CREATE TABLE, CREATE TABLE … AS, ALTER TABLE and DROP TABLE. Temporary tables are not flagged.',
      bad: 'CREATE TABLE orders (id bigint PRIMARY KEY);',
      good: 'CREATE TABLE public.orders (id bigint PRIMARY KEY);',
    },
  },
  create(ctx) {
    const check = (relation: RangeVar | undefined, name?: string) => {
      if (!relation || relation.schemaname || relation.relpersistence === 't') return;
      const table = name ?? relation.relname ?? 'the table';
      ctx.report({
        message: `Table ${table} is not schema-qualified: it resolves through search_path, which may differ where the migration runs.`,
        help: `Write schema.${table} (e.g. public.${table}).`,
        ...(relation.location !== undefined ? { location: relation.location } : {}),
      });
    };
    return {
      CreateStmt(node) {
        check(node.relation);
      },
      CreateTableAsStmt(node) {
        if (node.objtype === 'OBJECT_TABLE') check(node.into?.rel);
      },
      AlterTableStmt(node) {
        if (node.objtype === 'OBJECT_TABLE') check(node.relation);
      },
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_TABLE') return;
        for (const object of node.objects ?? []) {
          const items = 'List' in object ? (object.List.items ?? []) : [];
          const last = items[items.length - 1];
          if (items.length === 1 && last && 'String' in last) check({ relname: last.String.sval }, last.String.sval);
        }
      },
    };
  },
});
