// What a section found in place before it changed it: the tables it names, as they stood before
// its first statement on each. A down section asks its up's origin whether what it drops is what
// the up created (undoing the up loses nothing that existed before it).
import type { Node, RangeVar } from '@pgsql/types';
import type { Catalog } from './catalog.js';
import type { TableInfo } from './model.js';

/** A table before the section touched it: its columns' NOT NULL by name; null when it did not exist. */
type Before = ReadonlyMap<string, boolean> | null;

export interface SectionOrigin {
  /** The table did not exist before the section. */
  createdTable(table: TableInfo): boolean;
  /** The column did not exist before the section (its table was created or the column added). */
  createdColumn(table: TableInfo, column: string): boolean;
  /** The column was not NOT NULL before the section (or did not exist). */
  madeNotNull(table: TableInfo, column: string): boolean;
}

const keyOf = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

function namedRelation(node: Node): RangeVar | undefined {
  if ('CreateStmt' in node) return node.CreateStmt.relation;
  if ('CreateTableAsStmt' in node) return node.CreateTableAsStmt.into?.rel;
  if ('AlterTableStmt' in node && node.AlterTableStmt.objtype === 'OBJECT_TABLE') return node.AlterTableStmt.relation;
  return undefined;
}

export class OriginTracker implements SectionOrigin {
  private readonly before = new Map<string, Before>();

  /** Replays `node` through `replay`, remembering the state of the table it names the first time. */
  around(catalog: Catalog, node: Node, replay: () => void): void {
    const relation = namedRelation(node);
    const prior = relation && catalog.table(relation);
    // ALTER TABLE leaves the table under its name: one the section touched before is known.
    if (prior && 'AlterTableStmt' in node && this.before.has(keyOf(prior))) return replay();
    const state: Before | undefined = prior ? new Map([...prior.columns].map(([name, c]) => [name, c.notNull])) : relation ? null : undefined;
    replay();
    if (state === undefined) return;
    const after = catalog.table(relation);
    const key = after ? keyOf(after) : prior ? keyOf(prior) : undefined;
    if (key !== undefined && !this.before.has(key)) this.before.set(key, state);
  }

  createdTable(table: TableInfo): boolean {
    return this.before.get(keyOf(table)) === null;
  }

  createdColumn(table: TableInfo, column: string): boolean {
    const before = this.before.get(keyOf(table));
    return before === null || (before !== undefined && !before.has(column));
  }

  madeNotNull(table: TableInfo, column: string): boolean {
    const before = this.before.get(keyOf(table));
    return before === null || (before !== undefined && before.get(column) !== true);
  }
}
