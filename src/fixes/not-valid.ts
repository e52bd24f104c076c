// The NOT VALID fix for ADD CONSTRAINT (CHECK, FOREIGN KEY): append the keywords right after
// the constraint when its end is certain: the end of the statement when it is the last
// command, else the comma before the next `ADD …` command (whose definition has a location).
// Never when a comment could swallow the edit or hide the end.
import type { AlterTableStmt, Constraint, Node } from '@pgsql/types';
import type { CurrentStatement } from '../rule.js';
import type { Edit } from '../types.js';

const COMMENT = /--|\/\*/;
/** What may stand between the constraint and the next command's definition. */
const NEXT_ADD = /,\s*ADD(?:\s+COLUMN)?(?:\s+IF\s+NOT\s+EXISTS)?\s*$/i;

function defLocation(def: Node | undefined): number | undefined {
  if (!def) return undefined;
  if ('Constraint' in def) return def.Constraint.location;
  if ('ColumnDef' in def) return def.ColumnDef.location;
  return undefined;
}

export function notValidEdit(
  statement: CurrentStatement,
  stmt: AlterTableStmt,
  constraint: Constraint,
  offsetOf: (location: number) => number,
): Edit | undefined {
  if (statement.nested || constraint.location === undefined) return undefined;
  const cmds = (stmt.cmds ?? []).flatMap((c) => ('AlterTableCmd' in c ? [c.AlterTableCmd] : []));
  const at = cmds.findIndex((cmd) => cmd.def && 'Constraint' in cmd.def && cmd.def.Constraint === constraint);
  if (at < 0) return undefined;
  const from = offsetOf(constraint.location) - statement.span.start;
  if (from < 0) return undefined;
  const next = cmds[at + 1];
  if (!next) {
    if (COMMENT.test(statement.text.slice(from))) return undefined;
    const end = statement.span.start + statement.text.trimEnd().length;
    return { start: end, end, text: ' NOT VALID' };
  }
  const nextLocation = next.subtype === 'AT_AddColumn' || next.subtype === 'AT_AddConstraint' ? defLocation(next.def) : undefined;
  if (nextLocation === undefined) return undefined;
  const between = statement.text.slice(from, offsetOf(nextLocation) - statement.span.start);
  const match = NEXT_ADD.exec(between);
  if (!match || COMMENT.test(between)) return undefined;
  const end = statement.span.start + from + between.slice(0, match.index).trimEnd().length;
  return { start: end, end, text: ' NOT VALID' };
}
