import { scanSync } from '../src/pg-parser.js';
import type { Constraint, IndexElem, IndexStmt, Node } from '@pgsql/types';
import * as z from 'zod/mini';
import { defineRule, type RuleContext } from '../src/rule.js';
import type { Span } from '../src/types.js';
import { longIdentifiers, MAX_IDENTIFIER_BYTES, utf8Bytes as bytes } from '../src/facts/identifiers.js';

const template = z
  .string()
  .check(z.regex(/^(?:[^{}]|\{(?:table|columns|ref_table|any)\})+$/, 'a template of literal text and {table}, {columns}, {ref_table}, {any}'));

const optionsSchema = z.strictObject({
  preset: z
    ._default(z.enum(['prefixed', 'postgres']), 'prefixed')
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
type Kind = 'primaryKey' | 'foreignKey' | 'unique' | 'check' | 'index' | 'partialIndex' | 'ginIndex';

const PRESETS: Record<Options['preset'], Record<Kind, string>> = {
  prefixed: {
    primaryKey: 'pk_{table}',
    foreignKey: 'fk_{table}_{columns}_{ref_table}',
    unique: 'uq_{table}_{columns}',
    check: 'ck_{table}_{any}',
    index: 'ix_{table}_{columns}',
    partialIndex: 'pix_{table}_{any}',
    ginIndex: 'gin_{table}_{columns}',
  },
  // What PostgreSQL generates for unnamed objects (ChooseConstraintName, ChooseIndexName).
  postgres: {
    primaryKey: '{table}_pkey',
    foreignKey: '{table}_{columns}_fkey',
    unique: '{table}_{columns}_key',
    check: '{table}_{any}_check',
    index: '{table}_{columns}_idx',
    partialIndex: '{table}_{columns}_idx',
    ginIndex: '{table}_{columns}_idx',
  },
};

const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

/** What the placeholders of a template stand for, for one object. */
interface Values {
  table?: string;
  /** Alternative spellings of {columns} (the first is the suggested one). */
  columns?: string[];
  refTable?: string;
  /** A suggestion for {any} (e.g. the columns a CHECK mentions); {any} matches any [a-z0-9_]+. */
  anyHint?: string;
}

interface Compiled {
  matches(name: string): boolean;
  /** The full expected name, when every placeholder has a value. */
  expected?: string;
  /** The template with the known values filled in, for messages. */
  shown: string;
}

const PLACEHOLDER = /\{(table|columns|ref_table|any)\}/g;
const WORD = '[a-z0-9_]+';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(tmpl: string, v: Values): Compiled {
  let source = '';
  let expected: string | undefined = '';
  let shown = '';
  let last = 0;
  for (const m of tmpl.matchAll(PLACEHOLDER)) {
    const literal = tmpl.slice(last, m.index);
    source += escape(literal);
    expected = expected === undefined ? undefined : expected + literal;
    shown += literal;
    last = (m.index ?? 0) + m[0].length;
    const [regex, value] = placeholder(m[1] ?? '', v);
    source += regex;
    expected = expected === undefined || value === undefined ? undefined : expected + value;
    shown += m[1] === 'any' || value === undefined ? m[0] : value;
  }
  const tail = tmpl.slice(last);
  source += escape(tail);
  shown += tail;
  if (expected !== undefined) expected += tail;
  const re = new RegExp(`^${source}$`);
  return { matches: (name) => re.test(name), ...(expected !== undefined ? { expected } : {}), shown };
}

/** [regex, suggested value] of one placeholder. */
function placeholder(name: string, v: Values): [string, string | undefined] {
  switch (name) {
    case 'table':
      return v.table === undefined ? [WORD, undefined] : [escape(v.table), v.table];
    case 'columns':
      return v.columns && v.columns.length > 0 ? [`(?:${v.columns.map(escape).join('|')})`, v.columns[0]] : [WORD, undefined];
    case 'ref_table':
      return v.refTable === undefined ? [WORD, undefined] : [escape(v.refTable), v.refTable];
    default:
      return [WORD, v.anyHint];
  }
}

const LABEL: Record<Kind, string> = {
  primaryKey: 'Primary key',
  foreignKey: 'Foreign key',
  unique: 'Unique constraint',
  check: 'Check constraint',
  index: 'Index',
  partialIndex: 'Partial index',
  ginIndex: 'GIN index',
};

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
      } else if (!SNAKE_CASE.test(name)) {
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

function suggestion(c: Compiled): string {
  return c.expected !== undefined ? `"${c.expected}"` : `like "${c.shown}"`;
}

function describeConvention(options: Options): string {
  const overridden = Object.keys(options.patterns ?? {});
  return overridden.length > 0 ? `preset "${options.preset}" with patterns for ${overridden.join(', ')}` : `preset "${options.preset}"`;
}

function constraintKind(c: Constraint): Kind | undefined {
  switch (c.contype) {
    case 'CONSTR_PRIMARY':
      return 'primaryKey';
    case 'CONSTR_FOREIGN':
      return 'foreignKey';
    case 'CONSTR_UNIQUE':
      return 'unique';
    case 'CONSTR_CHECK':
      return 'check';
    default:
      return undefined;
  }
}

const strings = (nodes: Node[] | undefined): string[] => (nodes ?? []).flatMap((n) => ('String' in n && n.String.sval !== undefined ? [n.String.sval] : []));

function constraintValues(c: Constraint, table: string, column: string | undefined): Values {
  const v: Values = { table };
  if (c.contype === 'CONSTR_CHECK') {
    const refs = column !== undefined ? [column] : columnRefs(c.raw_expr);
    if (refs.length > 0) v.anyHint = refs.join('_');
    return v;
  }
  const keys = c.contype === 'CONSTR_FOREIGN' ? strings(c.fk_attrs) : strings(c.keys);
  const columns = keys.length > 0 ? keys : column !== undefined ? [column] : [];
  if (columns.length > 0) v.columns = [columns.join('_')];
  if (c.contype === 'CONSTR_FOREIGN' && c.pktable?.relname) v.refTable = c.pktable.relname;
  return v;
}

function indexKinds(node: IndexStmt): { kinds: Kind[]; label: string } {
  const gin = node.accessMethod === 'gin';
  if (node.whereClause) return { kinds: gin ? ['partialIndex', 'ginIndex'] : ['partialIndex'], label: LABEL.partialIndex };
  if (gin) return { kinds: ['ginIndex'], label: LABEL.ginIndex };
  // A unique index often backs a UNIQUE constraint (ADD CONSTRAINT … UNIQUE USING INDEX).
  if (node.unique) return { kinds: ['index', 'unique'], label: 'Unique index' };
  return { kinds: ['index'], label: LABEL.index };
}

function indexValues(node: IndexStmt, preset: Options['preset']): Values {
  const elems = (node.indexParams ?? []).flatMap((p) => ('IndexElem' in p ? [p.IndexElem] : []));
  const v: Values = { ...(node.relation?.relname !== undefined ? { table: node.relation.relname } : {}) };
  if (elems.length === 0) return v;
  // By the columns an expression mentions (lower(email) → email), or as PostgreSQL names it (lower).
  const byColumns = elems.map((e) => e.name ?? (columnRefs(e.expr).join('_') || 'expr')).join('_');
  const byPostgres = elems.map((e) => e.name ?? figureColname(e)).join('_');
  // Both spellings are accepted; the suggestion follows the preset.
  v.columns = byColumns === byPostgres ? [byColumns] : preset === 'postgres' ? [byPostgres, byColumns] : [byColumns, byPostgres];
  v.anyHint = byColumns;
  return v;
}

/** PostgreSQL's FigureIndexColname: a function's name, else "expr". */
function figureColname(elem: IndexElem): string {
  const expr = elem.expr;
  if (expr && 'FuncCall' in expr) {
    const names = strings(expr.FuncCall.funcname);
    return names[names.length - 1] ?? 'expr';
  }
  return 'expr';
}

/** Names of the columns an expression mentions, in order, without repeats. */
function columnRefs(expr: Node | undefined): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if ('ColumnRef' in value) {
      const fields = strings((value as { ColumnRef: { fields?: Node[] } }).ColumnRef.fields);
      const last = fields[fields.length - 1];
      if (last !== undefined && !out.includes(last)) out.push(last);
      return;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(expr);
  return out;
}

function snakeCase(name: string): string {
  const s = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(s) ? s : `t_${s}`;
}

/** Reserved (and type/function-name) keywords cannot be table names without quotes: ask the scanner. */
function isReservedWord(name: string): boolean {
  try {
    const tokens = scanSync(name).tokens;
    return tokens.length === 1 && (tokens[0]?.keywordName === 'RESERVED_KEYWORD' || tokens[0]?.keywordName === 'TYPE_FUNC_NAME_KEYWORD');
  } catch {
    return false;
  }
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
