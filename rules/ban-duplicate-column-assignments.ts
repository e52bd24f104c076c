import type { Node, ResTarget } from '@pgsql/types';
import { defineRule } from '../src/rule.js';

interface Named {
  name: string;
  location?: number;
}

/** The second and later occurrences of each name. */
function repeats(items: readonly Named[]): Named[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.name) ? true : (seen.add(item.name), false)));
}

/** Whole-column targets: `SET a.field = …` and `SET arr[1] = …` assign parts and may repeat. */
function columnTargets(list: Node[] | undefined): Named[] {
  return (list ?? []).flatMap((n) => ('ResTarget' in n ? [n.ResTarget] : [])).flatMap((t: ResTarget) => (t.name !== undefined && !t.indirection?.length ? [{ name: t.name, location: t.location }] : []));
}

export default defineRule({
  meta: {
    id: 'ban-duplicate-column-assignments',
    kind: 'rule',
    description: 'The same column twice in CREATE TABLE, an INSERT column list or UPDATE SET.',
    severity: 'error',
    recommended: true,
    fixable: false,
    docs: {
      problem:
        'A column named twice in CREATE TABLE, in an INSERT column list or in UPDATE … SET (ON CONFLICT DO UPDATE SET included) makes PostgreSQL reject the statement ("column specified more than once", "multiple assignments to same column"), so the migration fails when it runs — usually a copy-paste slip.',
      solution: 'Name each column once; when two values were meant for different columns, fix the second name.',
      bad: "UPDATE users SET status = 'active', status = 'verified' WHERE id = 1;",
      good: "UPDATE users SET status = 'active', verified_at = now() WHERE id = 1;",
    },
  },
  create(ctx) {
    const report = (duplicates: Named[], what: string) => {
      for (const d of duplicates) {
        ctx.report({
          message: `Column ${d.name} appears more than once ${what}: PostgreSQL rejects the statement, so the migration fails.`,
          help: `Name ${d.name} once, or correct the second name.`,
          location: d.location,
        });
      }
    };
    return {
      CreateStmt(node) {
        const columns = (node.tableElts ?? []).flatMap((e) => ('ColumnDef' in e && e.ColumnDef.colname !== undefined ? [{ name: e.ColumnDef.colname, location: e.ColumnDef.location }] : []));
        report(repeats(columns), 'in CREATE TABLE');
      },
      InsertStmt(node) {
        report(repeats(columnTargets(node.cols)), 'in the INSERT column list');
        report(repeats(columnTargets(node.onConflictClause?.targetList)), 'in ON CONFLICT DO UPDATE SET');
      },
      UpdateStmt(node) {
        report(repeats(columnTargets(node.targetList)), 'in UPDATE … SET');
      },
    };
  },
});
