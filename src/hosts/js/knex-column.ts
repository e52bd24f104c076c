// One column of a Knex table builder callback (`table.string('email').notNullable().unique()`): its
// modifiers as pg-tablecompiler.js / columncompiler.js write them — the column definition, or the
// `alter … alter column` statements of `.alter()`, then its unique/index/primary/foreign statements.
import type { CallExpression } from '@babel/types';
import type { HostOperation } from '../types.js';
import { defaultValue } from './knex-column-types.js';
import { quoteDotted, quoteString } from './sql.js';
import { evaluate, prop, str } from './values.js';
import { builderOperation, unresolvedOperation, type ChainLink, type WalkContext } from './walk.js';

export interface ColumnDef {
  sql: string;
  call: CallExpression;
}

export interface TableState {
  table: string;
  rawTable: string;
  root: string;
  columns: ColumnDef[];
  /** Table statements in call order (index, unique, foreign, drop …) with the call they come from. */
  statements: HostOperation[];
  /** createTable / createTableIfNotExists: the first primary key goes inside the create statement, the others are dropped. */
  creating: boolean;
  /** The `, constraint … primary key (…)` of the first primary() of a created table. */
  inlinePrimary?: string;
  hasPrimary: boolean;
}

/** table.primary() or column.primary(): pg-tablecompiler.js inlines the first one in create table and ignores the rest; on alter each is an add constraint. */
export function addPrimary(state: TableState, constraint: string, columnsSql: string, tail: string, push: (sql: string) => void): void {
  const first = !state.hasPrimary;
  state.hasPrimary = true;
  if (!state.creating) push(`alter table ${state.table} add constraint ${quoteDotted(constraint)} primary key (${columnsSql})${tail}`);
  else if (first) state.inlinePrimary = `, constraint ${quoteDotted(constraint)} primary key (${columnsSql})${tail}`;
}

const INDEX_MODIFIERS = new Set(['index', 'primary', 'unique']);

export function column(name: string, type: string, method: string, modifiers: ChainLink[], state: TableState, ctx: WalkContext, anchor: CallExpression): void {
  const t = state.table;
  const col = quoteDotted(name);
  let nullable: string | undefined;
  let defaultTo: string | undefined;
  let alter = false;
  const extra: string[] = [];
  const fkLinks: ChainLink[] = [];
  /** columnbuilder.js: references() adds the foreign key to the table's statements when it is called, among the column's unique/index. */
  let fkAt: number | undefined;
  const push = (sql: string) => state.statements.push(builderOperation(sql, anchor, `table.${method}`));
  for (const m of modifiers) {
    // columnbuilder.js: index/primary/unique on an increments column are ignored (it is the primary key already)
    if (/increments$/i.test(method) && INDEX_MODIFIERS.has(m.method)) continue;
    const args = m.args.map((a) => evaluate(a, ctx.scope));
    switch (m.method) {
      case 'notNullable': nullable = 'not null'; break;
      case 'nullable': nullable = 'null'; break;
      case 'defaultTo': {
        const value = defaultValue(args[0], method, state.root);
        if (value === undefined) {
          state.statements.push(unresolvedOperation(m.call, 'dynamic default value', `table.${method}().defaultTo`));
          return;
        }
        defaultTo = value;
        break;
      }
      case 'unique':
        extra.push(`alter table ${t} add constraint ${quoteDotted(str(args[0]) ?? str(prop(args[0], 'indexName')) ?? indexName(state.rawTable, [name], 'unique'))} unique (${col})`);
        break;
      case 'index':
        extra.push(`create index ${quoteDotted(str(args[0]) ?? indexName(state.rawTable, [name], 'index'))} on ${t}${str(args[1]) ? ` using ${str(args[1])}` : ''} (${col})`);
        break;
      case 'primary':
        addPrimary(state, str(args[0]) ?? str(prop(args[0], 'constraintName')) ?? `${state.rawTable}_pkey`, col, '', (sql) => extra.push(sql));
        break;
      case 'references':
        fkAt ??= extra.length;
        fkLinks.push(m);
        break;
      case 'inTable':
      case 'onDelete':
      case 'onUpdate':
      case 'withKeyName':
      case 'deferrable':
        fkLinks.push(m);
        break;
      case 'comment':
        if (str(args[0]) !== undefined) extra.push(`comment on column ${t}.${col} is ${quoteString(str(args[0]) as string)}`);
        break;
      case 'alter':
        alter = true;
        break;
      case 'unsigned':
      case 'after':
      case 'first':
      case 'collate':
        break;
      default:
        state.statements.push(unresolvedOperation(m.call, `unsupported column modifier .${m.method}()`, `table.${method}`));
        return;
    }
  }
  if (fkLinks.length > 0) {
    const fk = foreignKey(fkLinks, ctx);
    if (!fk) state.statements.push(unresolvedOperation(anchor, 'foreign key without a referenced table', `table.${method}`));
    else {
      const keyName = str(evaluate(fkLinks.find((l) => l.method === 'withKeyName')?.args[0] ?? anchor, ctx.scope));
      extra.splice(fkAt ?? extra.length, 0, `alter table ${t} add constraint ${quoteDotted(keyName ?? indexName(state.rawTable, [name], 'foreign'))} foreign key (${col}) references ${fk}`);
    }
  }
  if (alter) {
    // pg-tablecompiler.js addColumns with the alter prefix: four statements per column.
    const typeOnly = type.replace(/ primary key$/, '');
    const stmts = [
      `alter table ${t} alter column ${col} drop default`,
      `alter table ${t} alter column ${col} drop not null`,
      `alter table ${t} alter column ${col} type ${typeOnly} using (${col}::${typeOnly})`,
    ];
    if (defaultTo) stmts.push(`alter table ${t} alter column ${col} set ${defaultTo}`);
    if (nullable === 'not null') stmts.push(`alter table ${t} alter column ${col} set not null`);
    push(stmts.join(';\n'));
  } else {
    const isIncrements = /increments$/i.test(method);
    const mods = isIncrements ? [] : [nullable, defaultTo].filter((s): s is string => s !== undefined);
    state.columns.push({ sql: [`${col} ${type}`, ...mods].join(' '), call: anchor });
  }
  for (const sql of extra) push(sql);
}

/** `references('users.id')` / `.references('id').inTable('users')` with on delete/update. */
export function foreignKey(links: ChainLink[], ctx: WalkContext): string | undefined {
  let table: string | undefined;
  let column: string | undefined;
  let onUpdate = '';
  let onDelete = '';
  for (const l of links) {
    const v = str(l.args[0] ? evaluate(l.args[0], ctx.scope) : undefined);
    if (l.method === 'references' && v !== undefined) {
      const dot = v.lastIndexOf('.');
      if (dot > 0) {
        table = v.slice(0, dot);
        column = v.slice(dot + 1);
      } else column = v;
    }
    if (l.method === 'inTable' && v !== undefined) table = v;
    if (l.method === 'onDelete' && v !== undefined) onDelete = ` on delete ${v}`;
    if (l.method === 'onUpdate' && v !== undefined) onUpdate = ` on update ${v}`;
  }
  if (table === undefined || column === undefined) return undefined;
  // tablecompiler.js foreign(): on update before on delete, whatever the call order
  return `${quoteDotted(table)} (${quoteDotted(column)})${onUpdate}${onDelete}`;
}

/** Knex's default name: `<table>_<col>_<col>_<type>`, dots and dashes as underscores, lower case. */
export function indexName(table: string, columns: readonly string[], type: string): string {
  return `${table.replace(/\.|-/g, '_')}_${columns.join('_')}_${type}`.toLowerCase();
}
