// Kysely migrations (`export async function up(db: Kysely<any>)`): `sql\`…\`.execute(db)` and
// `sql.raw('…').execute(db)` as literal SQL (a `${value}` hole is a bind parameter, `sql.raw`/`sql.ref`/
// `sql.table`/`sql.id`/`sql.lit` holes are inlined), and the schema builder chains ending in `.execute()`
// rendered as Kysely's compiler does — kysely-org/kysely src/query-compiler/default-query-compiler.ts
// (visitCreateTable, visitColumnDefinition, visitAlterTable, visitCreateIndex, visitDropIndex …).
// On PostgreSQL the Migrator runs all pending migrations in one transaction (migrator.ts
// #runMigrations: `adapter.supportsTransactionalDdl && !disableTransactions`).
import type { CallExpression, Node, TaggedTemplateExpression } from '@babel/types';
import type { HostMigrationFile, HostOperation } from '../types.js';
import { extractJsMigration, type JsOrm } from './extract.js';
import { concatMapped, pinned, templateElement, type MappedString } from './literals.js';
import { quoteDotted, quoteString } from './sql.js';
import { evaluate, memberPath, str, unwrap, type JsValue } from './values.js';
import {
  builderOperation, callChain, literalOperation, spanOf, unresolvedOperation, type ChainLink, type WalkContext,
} from './walk.js';

function recognise(node: Node, ctx: WalkContext): HostOperation[] | undefined {
  if (node.type === 'TaggedTemplateExpression') return undefined;
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'execute') return undefined;
  const target = unwrap(callee.object);
  if (target.type === 'TaggedTemplateExpression' && memberPath(target.tag) === 'sql') return [sqlTemplate(target, ctx)];
  if (target.type === 'CallExpression' && memberPath(target.callee) === 'sql.raw') return [literalOperation(target.arguments[0] as Node | undefined, target, ctx, 'sql.raw')];
  const { base, links } = callChain(node);
  const root = base?.split('.')[0];
  if (!root || !ctx.roots.has(root) || base !== `${root}.schema`) return undefined;
  const name = `${base}.${links[0]?.method ?? ''}`;
  const sql = schemaChain(links.slice(0, -1), ctx);
  return [typeof sql === 'string' ? builderOperation(sql, node, name) : unresolvedOperation(node, sql.unresolved, name)];
}

/** sql`…`: holes become `$n` parameters, unless they are sql.raw/ref/table/id/lit of literals. */
function sqlTemplate(node: TaggedTemplateExpression, ctx: WalkContext): HostOperation {
  const { quasis, expressions } = node.quasi;
  let out: MappedString = templateElement(quasis[0] as NonNullable<(typeof quasis)[0]>, ctx.scope.text);
  let n = 0;
  for (let i = 0; i < expressions.length; i++) {
    const hole = expressions[i] as Node;
    const inline = inlineHole(hole, ctx);
    if (inline === null) return unresolvedOperation(node, 'dynamic SQL fragment', 'sql`…`');
    const at = hole.start ?? 0;
    out = concatMapped(out, pinned(inline ?? `$${++n}`, at, at));
    const q = quasis[i + 1];
    if (q) out = concatMapped(out, templateElement(q, ctx.scope.text));
  }
  return { sql: out.text, span: spanOf(node.quasi), literalMap: out.map };
}

/** The SQL a hole inlines; undefined: a bind parameter; null: an inlined fragment that is not static. */
function inlineHole(hole: Node, ctx: WalkContext): string | null | undefined {
  const h = unwrap(hole);
  if (h.type !== 'CallExpression') return undefined;
  const fn = memberPath(h.callee);
  if (!fn?.startsWith('sql.')) return undefined;
  const arg = h.arguments[0] ? evaluate(h.arguments[0] as Node, ctx.scope) : undefined;
  const text = str(arg);
  switch (fn) {
    case 'sql.raw': return text ?? null;
    case 'sql.ref':
    case 'sql.table':
    case 'sql.id': return text === undefined ? null : quoteDotted(text);
    case 'sql.lit': return text !== undefined ? quoteString(text) : arg?.kind === 'number' || arg?.kind === 'boolean' ? String(arg.value) : null;
    default: return null;
  }
}

type Sql = string | { unresolved: string };

function schemaChain(links: ChainLink[], ctx: WalkContext): Sql {
  const [head, ...mods] = links;
  if (!head) return { unresolved: 'empty schema builder' };
  const args = head.args.map((a) => evaluate(a, ctx.scope));
  const target = str(args[0]);
  if (target === undefined) return { unresolved: 'dynamic name' };
  const q = quoteDotted(target);
  const has = (m: string) => mods.some((l) => l.method === m);
  switch (head.method) {
    case 'createTable': {
      const parts: string[] = [];
      for (const m of mods) {
        const margs = m.args.map((a) => evaluate(a, ctx.scope));
        if (m.method === 'addColumn') {
          const col = columnDefinition(m, margs, ctx);
          if (typeof col !== 'string') return col;
          parts.push(col);
        } else if (m.method.startsWith('add') && m.method.endsWith('Constraint')) {
          const c = constraint(m.method, margs, m, ctx);
          if (typeof c !== 'string') return c;
          parts.push(c);
        } else if (m.method !== 'ifNotExists' && m.method !== 'temporary') return { unresolved: `unsupported createTable().${m.method}()` };
      }
      return `create ${has('temporary') ? 'temporary ' : ''}table ${has('ifNotExists') ? 'if not exists ' : ''}${q} (${parts.join(', ')})`;
    }
    case 'alterTable': {
      const parts: string[] = [];
      for (const m of mods) {
        const margs = m.args.map((a) => evaluate(a, ctx.scope));
        const name = str(margs[0]);
        if (m.method === 'addColumn') {
          const col = columnDefinition(m, margs, ctx);
          if (typeof col !== 'string') return col;
          parts.push(`add column ${col}`);
        } else if (m.method === 'dropColumn' && name !== undefined) parts.push(`drop column ${quoteDotted(name)}`);
        else if (m.method === 'renameColumn' && name !== undefined && str(margs[1]) !== undefined) parts.push(`rename column ${quoteDotted(name)} to ${quoteDotted(str(margs[1]) as string)}`);
        else if (m.method === 'renameTo' && name !== undefined) parts.push(`rename to ${quoteDotted(name)}`);
        else if (m.method === 'dropConstraint' && name !== undefined) parts.push(`drop constraint ${quoteDotted(name)}`);
        else if (m.method === 'alterColumn' && name !== undefined) {
          const alter = alterColumn(m, ctx);
          if (alter === undefined) return { unresolved: 'unsupported alterColumn()' };
          parts.push(`alter column ${quoteDotted(name)} ${alter}`);
        } else if (m.method.startsWith('add') && m.method.endsWith('Constraint')) {
          const c = constraint(m.method, margs, m, ctx);
          if (typeof c !== 'string') return c;
          parts.push(`add ${c}`);
        } else return { unresolved: `unsupported alterTable().${m.method}()` };
      }
      return `alter table ${q} ${parts.join(', ')}`;
    }
    case 'createIndex': {
      let table: string | undefined;
      const columns: string[] = [];
      let using = '';
      let where = '';
      for (const m of mods) {
        const margs = m.args.map((a) => evaluate(a, ctx.scope));
        if (m.method === 'on') table = str(margs[0]);
        else if (m.method === 'column' && str(margs[0]) !== undefined) columns.push(indexColumn(str(margs[0]) as string));
        else if (m.method === 'columns' && margs[0]?.kind === 'array' && margs[0].items.every((i) => i.kind === 'string')) {
          columns.push(...margs[0].items.map((i) => indexColumn(str(i) as string)));
        } else if (m.method === 'expression') {
          const e = fragment(m.args[0], ctx);
          if (e === undefined) return { unresolved: 'dynamic index expression' };
          columns.push(e);
        } else if (m.method === 'using' && str(margs[0]) !== undefined) using = ` using ${str(margs[0])}`;
        else if (m.method === 'where' && m.args.length === 1) {
          const w = fragment(m.args[0], ctx);
          if (w === undefined) return { unresolved: 'dynamic index where clause' };
          where = ` where ${w}`;
        } else if (!['unique', 'ifNotExists', 'nullsNotDistinct'].includes(m.method)) return { unresolved: `unsupported createIndex().${m.method}()` };
      }
      if (table === undefined || columns.length === 0) return { unresolved: 'dynamic index definition' };
      return `create ${has('unique') ? 'unique ' : ''}index ${has('ifNotExists') ? 'if not exists ' : ''}${q} on ${quoteDotted(table)}${using} (${columns.join(', ')})${has('nullsNotDistinct') ? ' nulls not distinct' : ''}${where}`;
    }
    case 'dropIndex':
    case 'dropTable':
    case 'dropType':
    case 'dropView':
    case 'dropSchema': {
      const kind = head.method.slice(4).toLowerCase();
      return `drop ${kind} ${has('ifExists') ? 'if exists ' : ''}${q}${has('cascade') ? ' cascade' : ''}`;
    }
    case 'createType': {
      const asEnum = mods.find((m) => m.method === 'asEnum');
      const values = asEnum?.args[0] ? evaluate(asEnum.args[0], ctx.scope) : undefined;
      if (values?.kind !== 'array' || !values.items.every((v) => v.kind === 'string')) return { unresolved: 'dynamic enum values' };
      return `create type ${q} as enum (${values.items.map((v) => quoteString(str(v) as string)).join(', ')})`;
    }
    case 'createSchema':
      return `create schema ${has('ifNotExists') ? 'if not exists ' : ''}${q}`;
    default:
      return { unresolved: `unsupported schema builder db.schema.${head.method}()` };
  }
}

/** 'name' or 'name desc' (Kysely parses a trailing direction off a column name). */
function indexColumn(spec: string): string {
  const m = /^(.*?)\s+(asc|desc)$/i.exec(spec);
  return m ? `${quoteDotted(m[1] as string)} ${(m[2] as string).toLowerCase()}` : quoteDotted(spec);
}

/** A sql`…` fragment (or sql.raw) argument inlined as text; undefined when not static. */
function fragment(arg: Node | undefined, ctx: WalkContext): string | undefined {
  if (!arg) return undefined;
  const a = unwrap(arg);
  if (a.type === 'TaggedTemplateExpression' && memberPath(a.tag) === 'sql') {
    const op = sqlTemplate(a, ctx);
    return op.sql !== undefined && !/\$\d/.test(op.sql) ? op.sql : undefined;
  }
  if (a.type === 'CallExpression' && memberPath(a.callee) === 'sql.raw') return str(a.arguments[0] ? evaluate(a.arguments[0] as Node, ctx.scope) : undefined);
  return undefined;
}

/** A data type: 'varchar(255)' as written, or a sql`…` fragment. */
function dataType(arg: Node | undefined, ctx: WalkContext): string | undefined {
  if (!arg) return undefined;
  const v = evaluate(arg, ctx.scope);
  return v.kind === 'string' ? v.text : fragment(arg, ctx);
}

/** visitColumnDefinition: `"name" type [primary key] [references …] [default …] [not null] [unique] …`. */
function columnDefinition(link: ChainLink, args: JsValue[], ctx: WalkContext): Sql {
  const name = str(args[0]);
  const type = dataType(link.args[1], ctx);
  if (name === undefined || type === undefined) return { unresolved: 'dynamic column definition' };
  const parts = [quoteDotted(name), type];
  const callback = link.args[2] ? unwrap(link.args[2]) : undefined;
  if (callback) {
    if (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression') return { unresolved: 'column builder callback is not a function literal' };
    const body = unwrap(callback.body);
    const chain = body.type === 'CallExpression' ? callChain(body) : undefined;
    const param = callback.params[0];
    if (!chain || param?.type !== 'Identifier' || chain.base !== param.name) return { unresolved: 'dynamic column builder' };
    const mods = columnModifiers(chain.links, ctx);
    if (typeof mods !== 'string') return mods;
    if (mods) parts.push(mods);
  }
  return parts.join(' ');
}

function columnModifiers(links: ChainLink[], ctx: WalkContext): Sql {
  // Kysely's compiler writes the clauses in a fixed order, whatever the call order.
  const order = ['identity', 'primary key', 'references', 'default', 'generated', 'not null', 'unique', 'check'];
  const clauses = new Map<string, string>();
  let onDelete = '';
  let onUpdate = '';
  for (const l of links) {
    const arg = l.args[0];
    const value = arg ? evaluate(arg, ctx.scope) : undefined;
    switch (l.method) {
      case 'primaryKey': clauses.set('primary key', 'primary key'); break;
      case 'notNull': clauses.set('not null', 'not null'); break;
      case 'unique': clauses.set('unique', 'unique'); break;
      case 'autoIncrement': break; // not used by the PostgreSQL dialect
      case 'generatedAlwaysAsIdentity': clauses.set('identity', 'generated always as identity'); break;
      case 'generatedByDefaultAsIdentity': clauses.set('identity', 'generated by default as identity'); break;
      case 'references': {
        const ref = str(value);
        const dot = ref?.lastIndexOf('.') ?? -1;
        if (ref === undefined || dot < 1) return { unresolved: 'dynamic references' };
        clauses.set('references', `references ${quoteDotted(ref.slice(0, dot))} (${quoteDotted(ref.slice(dot + 1))})`);
        break;
      }
      case 'onDelete': onDelete = str(value) ? ` on delete ${str(value)}` : ''; break;
      case 'onUpdate': onUpdate = str(value) ? ` on update ${str(value)}` : ''; break;
      case 'defaultTo': {
        const d = value?.kind === 'string' ? quoteString(value.text) : value?.kind === 'number' || value?.kind === 'boolean' ? String(value.value) : value?.kind === 'null' ? 'null' : fragment(arg, ctx);
        if (d === undefined) return { unresolved: 'dynamic default value' };
        clauses.set('default', `default ${d}`);
        break;
      }
      case 'check': {
        const c = fragment(arg, ctx);
        if (c === undefined) return { unresolved: 'dynamic check' };
        clauses.set('check', `check (${c})`);
        break;
      }
      case 'generatedAlwaysAs': {
        const g = fragment(arg, ctx);
        if (g === undefined) return { unresolved: 'dynamic generated column' };
        clauses.set('generated', `generated always as (${g}) stored`);
        break;
      }
      case 'stored': break;
      default: return { unresolved: `unsupported column modifier .${l.method}()` };
    }
  }
  const ref = clauses.get('references');
  if (ref) clauses.set('references', ref + onDelete + onUpdate);
  return order.flatMap((k) => (clauses.has(k) ? [clauses.get(k) as string] : [])).join(' ');
}

function alterColumn(link: ChainLink, ctx: WalkContext): string | undefined {
  const callback = link.args[1] ? unwrap(link.args[1]) : undefined;
  if (!callback || (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression')) return undefined;
  const body = unwrap(callback.body);
  if (body.type !== 'CallExpression') return undefined;
  const { links } = callChain(body);
  const l = links[0];
  if (!l || links.length !== 1) return undefined;
  switch (l.method) {
    case 'setDataType': {
      const t = dataType(l.args[0], ctx);
      return t === undefined ? undefined : `type ${t}`;
    }
    case 'setDefault': {
      const v = l.args[0] ? evaluate(l.args[0], ctx.scope) : undefined;
      const d = v?.kind === 'string' ? quoteString(v.text) : v?.kind === 'number' || v?.kind === 'boolean' ? String(v.value) : fragment(l.args[0], ctx);
      return d === undefined ? undefined : `set default ${d}`;
    }
    case 'dropDefault': return 'drop default';
    case 'setNotNull': return 'set not null';
    case 'dropNotNull': return 'drop not null';
    default: return undefined;
  }
}

/** addPrimaryKeyConstraint / addUniqueConstraint / addForeignKeyConstraint / addCheckConstraint. */
function constraint(method: string, args: JsValue[], link: ChainLink, ctx: WalkContext): Sql {
  const name = str(args[0]);
  const cols = (v: JsValue | undefined) => (v?.kind === 'array' && v.items.every((i) => i.kind === 'string') ? v.items.map((i) => quoteDotted(str(i) as string)).join(', ') : undefined);
  if (name === undefined) return { unresolved: 'dynamic constraint name' };
  const head = `constraint ${quoteDotted(name)}`;
  switch (method) {
    case 'addPrimaryKeyConstraint': {
      const c = cols(args[1]);
      return c === undefined ? { unresolved: 'dynamic constraint columns' } : `${head} primary key (${c})`;
    }
    case 'addUniqueConstraint': {
      const c = cols(args[1]);
      return c === undefined ? { unresolved: 'dynamic constraint columns' } : `${head} unique (${c})`;
    }
    case 'addForeignKeyConstraint': {
      const [c, table, r] = [cols(args[1]), str(args[2]), cols(args[3])];
      if (c === undefined || table === undefined || r === undefined) return { unresolved: 'dynamic foreign key' };
      let tail = '';
      const callback = link.args[4] ? unwrap(link.args[4]) : undefined;
      if (callback && (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') && unwrap(callback.body).type === 'CallExpression') {
        for (const l of callChain(unwrap(callback.body) as CallExpression).links) {
          const v = str(l.args[0] ? evaluate(l.args[0], ctx.scope) : undefined);
          if (l.method === 'onDelete' && v) tail += ` on delete ${v}`;
          if (l.method === 'onUpdate' && v) tail += ` on update ${v}`;
        }
      }
      return `${head} foreign key (${c}) references ${quoteDotted(table)} (${r})${tail}`;
    }
    case 'addCheckConstraint': {
      const e = fragment(link.args[1], ctx);
      return e === undefined ? { unresolved: 'dynamic check' } : `${head} check (${e})`;
    }
    default: return { unresolved: `unsupported ${method}()` };
  }
}

export const kyselyOrm: JsOrm = { title: 'Kysely', recognise };

/** The SQL of one Kysely migration file. */
export function extractKysely(text: string, path: string): HostMigrationFile {
  return extractJsMigration(text, path, kyselyOrm);
}
