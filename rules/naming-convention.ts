// naming-convention: index, constraint and table names against the configured templates
// (src/naming/: the presets, template matching, the values a statement gives them).
import * as z from 'zod/mini';
import { defineRule, type RuleContext } from '../src/rule.js';
import type { Span } from '../src/types.js';
import { longIdentifiers, MAX_IDENTIFIER_BYTES, utf8Bytes as bytes } from '../src/facts/identifiers.js';
import { LABEL, PRESET_NAMES, PRESETS, type Kind } from '../src/naming/presets.js';
import { compile, suggestion, type Values } from '../src/naming/template.js';
import { constraintKind, constraintValues, indexKinds, indexValues } from '../src/naming/object-values.js';
import { isReservedWord, isSnakeCase, snakeCase } from '../src/naming/table-name.js';
import type { Constraint } from '@pgsql/types';

const template = z
  .string()
  .check(z.regex(/^(?:[^{}]|\{(?:table|columns|ref_table|any)\})+$/, 'a template of literal text and {table}, {columns}, {ref_table}, {any}'));

const optionsSchema = z.strictObject({
  preset: z
    ._default(z.enum(PRESET_NAMES), 'prefixed')
    .check(z.describe('prefixed: pk_/fk_/uq_/ck_/ix_/pix_/gin_; postgres: the names PostgreSQL generates.')),
  patterns: z
    .optional(
      z.strictObject({
        primaryKey: z.optional(template),
        foreignKey: z.optional(template),
        unique: z.optional(template),
        check: z.optional(template),
        index: z.optional(template),
        partialIndex: z.optional(template),
        ginIndex: z.optional(template),
        table: z.optional(template),
      }),
    )
    .check(z.describe('Templates overriding the preset, e.g. { "index": "idx_{table}_{columns}" }.')),
});

type Options = z.output<typeof optionsSchema>;

export default defineRule<Options>({
  meta: {
    id: 'naming-convention',
    kind: 'rule',
    description: 'Index, constraint and table names follow the naming convention; no unnamed constraints on existing tables.',
    severity: 'off',
    recommended: false,
    fixable: false,
    options: optionsSchema,
    docsConfig: { options: { preset: 'prefixed' } },
    docs: {
      problem:
        'Names the database generates, or that each author invents, make later migrations guess: a down migration or a DROP CONSTRAINT has to know the exact name, and PostgreSQL silently truncates names over 63 bytes. Table names that are not lowercase snake_case, or that are reserved words (user, order, group), must be double-quoted in every query forever.',
      solution:
        'Name every index and constraint explicitly, following one convention. preset "prefixed": pk_{table}, fk_{table}_{columns}_{ref_table}, uq_{table}_{columns}, ck_{table}_{any}, ix_{table}_{columns}, pix_{table}_{any} for partial indexes, gin_{table}_{columns} for GIN indexes; preset "postgres": the names PostgreSQL itself generates ({table}_pkey, {table}_{columns}_fkey, _key, _check, _idx). `patterns` overrides single templates. Rename by hand: the rule offers no fix.',
      bad: 'CREATE INDEX CONCURRENTLY idx_customer ON orders (customer_id);',
      good: 'CREATE INDEX CONCURRENTLY ix_orders_customer_id ON orders (customer_id);',
    },
  },
  create(ctx) {
    const templates: Record<Kind, string> = { ...PRESETS[ctx.options.preset], ...definedPatterns(ctx.options.patterns) };
    const tableTemplate = ctx.options.patterns?.table;

    /** Reports a name over 63 bytes; true when it did. */
    const tooLong = (what: string, name: string): boolean => {
      const long = longIdentifier(ctx, name);
      if (!long) return false;
      ctx.report({
        message: `${what} name "${long.full}" is ${bytes(long.full)} bytes: PostgreSQL truncates identifiers to ${MAX_IDENTIFIER_BYTES} bytes, so it is really named "${name}".`,
        help: `Choose a name of at most ${MAX_IDENTIFIER_BYTES} bytes.`,
        span: long.span,
      });
      return true;
    };

    const checkName = (kinds: Kind[], label: string, name: string, v: Values, location: number | undefined) => {
      if (tooLong(label, name) || kinds.length === 0) return;
      const compiled = kinds.map((k) => compile(templates[k], v));
      if (compiled.some((c) => c.matches(name))) return;
      const first = compiled[0];
      // A convention that yields a name PostgreSQL would truncate cannot be followed.
      if (!first || (first.expected !== undefined && bytes(first.expected) > MAX_IDENTIFIER_BYTES)) return;
      ctx.report({
        message: `${label} "${name}" on ${v.table ?? 'the table'} should be named ${suggestion(first)}.`,
        help: `Rename it: the convention is naming-convention's ${describeConvention(ctx.options)}.`,
        location,
      });
    };

    const checkUnnamed = (kinds: Kind[], label: string, v: Values, location: number | undefined, how: string) => {
      const first = kinds[0] ? compile(templates[kinds[0]], v) : undefined;
      ctx.report({
        message: `${label} on ${v.table ?? 'the table'} has no name: PostgreSQL generates one, which a down migration or a later ALTER must then guess.`,
        help: first ? `Name it ${suggestion(first)}: ${how}.` : `Name it explicitly: ${how}.`,
        location,
      });
    };

    const checkTable = (name: string | undefined, location: number | undefined) => {
      if (!name || tooLong('Table', name)) return;
      if (tableTemplate !== undefined) {
        if (!compile(tableTemplate, {}).matches(name)) {
          ctx.report({
            message: `Table name "${name}" does not match the naming convention "${tableTemplate}".`,
            help: 'Rename the table to follow naming-convention\'s "table" pattern.',
            location,
          });
          return;
        }
      } else if (!isSnakeCase(name)) {
        ctx.report({
          message: `Table name "${name}" is not lowercase snake_case: every query must double-quote it, exactly as written.`,
          help: `Use a lowercase snake_case name such as "${snakeCase(name)}".`,
          location,
        });
        return;
      }
      if (isReservedWord(name)) {
        ctx.report({
          message: `Table name "${name}" is a reserved word in PostgreSQL: every query must double-quote it.`,
          help: `Choose another name, e.g. "${name}s" or "app_${name}".`,
          location,
        });
      }
    };

    /** A constraint of a table: named → convention; unnamed on an existing table → flagged. */
    const checkConstraint = (c: Constraint, table: string, column: string | undefined, existing: boolean) => {
      const kind = constraintKind(c);
      const v = constraintValues(c, table, column);
      if (c.conname) {
        checkName(kind ? [kind] : [], kind ? LABEL[kind] : 'Constraint', c.conname, v, c.location);
      } else if (existing && (kind || c.contype === 'CONSTR_EXCLUSION')) {
        const label = kind ? LABEL[kind] : 'Exclusion constraint';
        checkUnnamed(kind ? [kind] : [], label, v, c.location, 'add CONSTRAINT <name> before it');
      }
    };

    return {
      IndexStmt(node) {
        const { kinds, label } = indexKinds(node);
        const v = indexValues(node, ctx.options.preset);
        if (node.idxname) {
          checkName(kinds, label, node.idxname, v, undefined);
        } else if (!ctx.facts.isTableCreatedEarlier(node.relation, ctx.statement.index)) {
          checkUnnamed(kinds, label, v, undefined, 'CREATE INDEX <name> ON …');
        }
      },
      CreateStmt(node) {
        const table = node.relation?.relname ?? '';
        checkTable(node.relation?.relname, node.relation?.location);
        for (const element of node.tableElts ?? []) {
          if ('Constraint' in element) checkConstraint(element.Constraint, table, undefined, false);
          else if ('ColumnDef' in element) {
            for (const c of element.ColumnDef.constraints ?? []) {
              if ('Constraint' in c) checkConstraint(c.Constraint, table, element.ColumnDef.colname, false);
            }
          }
        }
      },
      CreateTableAsStmt(node) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        checkTable(node.into?.rel?.relname, node.into?.rel?.location);
      },
      RenameStmt(node) {
        if (node.renameType !== 'OBJECT_TABLE') return;
        checkTable(node.newname, undefined);
      },
      AlterTableStmt(node) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        const table = node.relation?.relname ?? '';
        const existing = !ctx.facts.isTableCreatedEarlier(node.relation, ctx.statement.index);
        for (const raw of node.cmds ?? []) {
          if (!('AlterTableCmd' in raw)) continue;
          const cmd = raw.AlterTableCmd;
          const def = cmd.def;
          if (cmd.subtype === 'AT_AddConstraint' && def && 'Constraint' in def) {
            checkConstraint(def.Constraint, table, undefined, existing);
          } else if (cmd.subtype === 'AT_AddColumn' && def && 'ColumnDef' in def) {
            for (const c of def.ColumnDef.constraints ?? []) {
              if ('Constraint' in c) checkConstraint(c.Constraint, table, def.ColumnDef.colname, existing);
            }
          }
        }
      },
    };
  },
});

function definedPatterns(patterns: Options['patterns']): Partial<Record<Kind, string>> {
  const out: Partial<Record<Kind, string>> = {};
  if (!patterns) return out;
  for (const kind of Object.keys(LABEL) as Kind[]) {
    const t = patterns[kind];
    if (t !== undefined) out[kind] = t;
  }
  return out;
}

function describeConvention(options: Options): string {
  const overridden = Object.keys(options.patterns ?? {});
  return overridden.length > 0 ? `preset "${options.preset}" with patterns for ${overridden.join(', ')}` : `preset "${options.preset}"`;
}

/**
 * The parser hands over names already truncated to 63 bytes, so a long name is found in the
 * statement's tokens: an identifier longer than 63 bytes that truncates to `name`.
 */
function longIdentifier(ctx: RuleContext<Options>, name: string): { full: string; span: Span } | undefined {
  if (bytes(name) < MAX_IDENTIFIER_BYTES - 3) return undefined;
  const long = longIdentifiers(ctx.statement.text).find((id) => id.truncated === name);
  if (!long) return undefined;
  const start = ctx.statement.span.start;
  return { full: long.full, span: { start: start + long.start, end: start + long.end } };
}
