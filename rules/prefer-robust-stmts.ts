import type { AlterTableCmd, AlterTableStmt, Node } from '@pgsql/types';
import { defineRule, type NodeTag } from '../src/rule.js';
import type { Edit } from '../src/types.js';

/** CREATE statements that take IF NOT EXISTS: where it goes, and the words naming what is created. */
const CREATES: Record<string, { keywords: RegExp; what(node: Node): string }> = {
  CreateStmt: { keywords: /^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMPORARY|TEMP|UNLOGGED)\s+)?TABLE\b/i, what: (n) => `CREATE TABLE ${'CreateStmt' in n ? (n.CreateStmt.relation?.relname ?? '') : ''}` },
  IndexStmt: { keywords: /^CREATE\s+(?:UNIQUE\s+)?INDEX(?:\s+CONCURRENTLY)?\b/i, what: (n) => `CREATE INDEX ${'IndexStmt' in n ? (n.IndexStmt.idxname ?? '') : ''}` },
  CreateSchemaStmt: { keywords: /^CREATE\s+SCHEMA\b/i, what: (n) => `CREATE SCHEMA ${'CreateSchemaStmt' in n ? (n.CreateSchemaStmt.schemaname ?? '') : ''}` },
  CreateSeqStmt: { keywords: /^CREATE\s+(?:(?:TEMPORARY|TEMP|UNLOGGED)\s+)?SEQUENCE\b/i, what: (n) => `CREATE SEQUENCE ${'CreateSeqStmt' in n ? (n.CreateSeqStmt.sequence?.relname ?? '') : ''}` },
  CreateExtensionStmt: { keywords: /^CREATE\s+EXTENSION\b/i, what: (n) => `CREATE EXTENSION ${'CreateExtensionStmt' in n ? (n.CreateExtensionStmt.extname ?? '') : ''}` },
};
/** The statements the rule reads: the CREATEs above, DROP and ALTER TABLE. */
const STATEMENT_TAGS = [...Object.keys(CREATES), 'DropStmt', 'AlterTableStmt'] as NodeTag[];
const DROP_KEYWORDS = /^DROP\s+(?:MATERIALIZED\s+VIEW|FOREIGN\s+TABLE|INDEX(?:\s+CONCURRENTLY)?|TABLE|VIEW|SEQUENCE|SCHEMA|TYPE|DOMAIN|FUNCTION|PROCEDURE|TRIGGER|EXTENSION|POLICY|RULE)\b/i;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `DROP [COLUMN] name` / `DROP CONSTRAINT name` starts in the statement, and where its name starts, when it occurs exactly once. */
function dropTarget(text: string, keyword: 'COLUMN' | 'CONSTRAINT', name: string): { drop: number; name: number } | undefined {
  const quoted = escape(`"${name.replace(/"/g, '""')}"`);
  const bare = /^[a-z_][a-z0-9_$]*$/.test(name) ? `|${escape(name)}(?![\\w$])` : '';
  const prefix = keyword === 'COLUMN' ? String.raw`\bDROP\s+(?:COLUMN\s+)?` : String.raw`\bDROP\s+CONSTRAINT\s+`;
  const matches = [...text.matchAll(new RegExp(`${prefix}(?=${quoted}${bare})`, 'gi'))];
  if (matches.length !== 1) return undefined;
  const drop = matches[0].index ?? 0;
  return { drop, name: drop + matches[0][0].length };
}

export default defineRule({
  meta: {
    id: 'prefer-robust-stmts',
    kind: 'rule',
    description: 'Non-idempotent DDL (no IF [NOT] EXISTS) in a migration that does not run in a transaction.',
    severity: 'off',
    recommended: false,
    fixable: true,
    docs: {
      problem:
        'A migration that runs outside a transaction (CONCURRENTLY, a runner told not to wrap it) commits statement by statement. When it fails half-way, the statements before the failure stay applied, and running the migration again fails on the first CREATE of something that now exists, or the first DROP of something already gone.',
      solution:
        'Make each statement safe to repeat: CREATE … IF NOT EXISTS, DROP … IF EXISTS, ADD COLUMN IF NOT EXISTS, DROP COLUMN / CONSTRAINT IF EXISTS, and ADD CONSTRAINT after a DROP CONSTRAINT IF EXISTS of the same name. Migrations that run in a transaction roll back as a whole and are not flagged.',
      bad: '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
      good: '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);',
    },
  },
  create(ctx) {
    // Constraints dropped IF EXISTS earlier in the section, by table: re-adding them is safe.
    const droppedIfExists = new Set<string>();
    const flag = (what: string, missing: 'IF NOT EXISTS' | 'IF EXISTS', edit: Edit | undefined, at?: number) =>
      ctx.report({
        ...(at !== undefined ? { span: { start: at, end: ctx.statement.span.end } } : {}),
        message: `${what} fails when the migration is run again: it does not run in a transaction, so after a failure further down, the re-run stops here.`,
        help: missing === 'IF NOT EXISTS' && !edit && what.startsWith('ADD CONSTRAINT') ? 'Drop the constraint IF EXISTS first, so re-adding it is safe.' : `Add ${missing}.`,
        ...(edit ? { fix: { title: `Add ${missing}`, edits: [edit] } } : {}),
      });
    const atKeyword = (re: RegExp, text: string): Edit | undefined => {
      const m = re.exec(ctx.statement.text);
      return m ? { start: ctx.statement.span.start + m[0].length, end: ctx.statement.span.start + m[0].length, text } : undefined;
    };
    const alter = (stmt: AlterTableStmt, cmd: AlterTableCmd) => {
      const table = stmt.relation?.relname ?? '';
      const def = cmd.def;
      if (cmd.subtype === 'AT_AddColumn' && !cmd.missing_ok && def && 'ColumnDef' in def) {
        const loc = def.ColumnDef.location;
        const at = loc === undefined ? undefined : ctx.offsetOf(loc);
        flag(`ADD COLUMN ${def.ColumnDef.colname ?? ''}`, 'IF NOT EXISTS', at === undefined ? undefined : { start: at, end: at, text: 'IF NOT EXISTS ' }, at);
      } else if ((cmd.subtype === 'AT_DropColumn' || cmd.subtype === 'AT_DropConstraint') && cmd.name) {
        const keyword = cmd.subtype === 'AT_DropColumn' ? 'COLUMN' : 'CONSTRAINT';
        if (cmd.missing_ok) {
          if (keyword === 'CONSTRAINT') droppedIfExists.add(`${table}\u0000${cmd.name}`);
          return;
        }
        const found = dropTarget(ctx.statement.text, keyword, cmd.name);
        const base = ctx.statement.span.start;
        flag(`DROP ${keyword} ${cmd.name}`, 'IF EXISTS', found && { start: base + found.name, end: base + found.name, text: 'IF EXISTS ' }, found && base + found.drop);
      } else if (cmd.subtype === 'AT_AddConstraint' && def && 'Constraint' in def) {
        const name = def.Constraint.conname;
        if (!name || !droppedIfExists.has(`${table}\u0000${name}`)) flag(`ADD CONSTRAINT ${name ?? ''}`.trim(), 'IF NOT EXISTS', undefined);
      }
    };
    return {
      statementTags: STATEMENT_TAGS,
      statement(stmt) {
        if (stmt.inTransaction || stmt.nested) return;
        const node: Node = stmt.node;
        const create = CREATES[stmt.tag];
        if (create) {
          const inner = Object.values(node)[0] as { if_not_exists?: boolean; idxname?: string };
          if (inner.if_not_exists) return;
          // An index without a name cannot take IF NOT EXISTS.
          const edit = stmt.tag === 'IndexStmt' && !inner.idxname ? undefined : atKeyword(create.keywords, ' IF NOT EXISTS');
          flag(create.what(node).trim(), 'IF NOT EXISTS', edit);
        } else if ('DropStmt' in node && !node.DropStmt.missing_ok) {
          const m = DROP_KEYWORDS.exec(stmt.text);
          if (m) flag(m[0].replace(/\s+/g, ' ').toUpperCase(), 'IF EXISTS', atKeyword(DROP_KEYWORDS, ' IF EXISTS'));
        } else if ('AlterTableStmt' in node) {
          for (const cmd of node.AlterTableStmt.cmds ?? []) if ('AlterTableCmd' in cmd) alter(node.AlterTableStmt, cmd.AlterTableCmd);
        }
      },
    };
  },
});
