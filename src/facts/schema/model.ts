// What the offline catalog knows about the database the migrations build: the read-only
// shapes rules see through `ctx.facts.catalog`.
import type { RangeVar } from '@pgsql/types';

export interface ColumnType {
  /** The name PostgreSQL stores, pg_catalog dropped: int4, varchar, numeric, timestamptz, text, or a user type. */
  name: string;
  /** Schema of a user-defined type (enum, domain) when the migration wrote one. */
  schema?: string;
  /** Type modifiers: varchar(20) → [20], numeric(10,2) → [10, 2], geometry(Point,4326) → ['Point', 4326]. */
  typmods: readonly (number | string)[];
  /** An array of this type (any number of dimensions). */
  array: boolean;
}

/** How a default expression behaves when ADD COLUMN fills existing rows with it. */
export type Volatility = 'constant' | 'non-volatile' | 'volatile';

export interface ColumnDefault {
  volatility: Volatility;
  /** The tag of the expression's root node (A_Const, TypeCast, FuncCall, SQLValueFunction …). */
  node: string;
  /** The expression as SQL, for constants, casts, operators and function calls; absent for others. */
  text?: string;
}

export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly default?: ColumnDefault;
  readonly identity?: 'always' | 'by-default';
  readonly generated?: 'stored' | 'virtual';
}

export interface IndexInfo {
  readonly name: string;
  readonly schema: string;
  /** Key columns in order; null for an expression key. */
  readonly columns: readonly (string | null)[];
  /** INCLUDE columns. */
  readonly include: readonly string[];
  readonly unique: boolean;
  /** Has a WHERE clause. */
  readonly partial: boolean;
  readonly method: string;
  /** CREATE INDEX CONCURRENTLY can leave an INVALID index behind when it fails; the model assumes it succeeded. */
  readonly valid: boolean;
  /** The PRIMARY KEY, UNIQUE or EXCLUDE constraint the index backs. */
  readonly constraint?: string;
}

export type ConstraintKind = 'primary-key' | 'unique' | 'foreign-key' | 'check' | 'exclusion' | 'not-null';

export interface ForeignKeyTarget {
  readonly schema: string;
  readonly table: string;
  /** Referenced columns; the referenced table's primary key when the FK names none and it is known, else []. */
  readonly columns: readonly string[];
}

export interface ConstraintInfo {
  /** The name given, or the one PostgreSQL generates ({table}_pkey, {table}_{cols}_fkey …). */
  readonly name: string;
  readonly kind: ConstraintKind;
  /** Key columns (PK, UNIQUE, FK referencing columns, EXCLUDE, NOT NULL), or the columns a CHECK mentions. */
  readonly columns: readonly string[];
  readonly references?: ForeignKeyTarget;
  /** False for a constraint added NOT VALID and not validated since. */
  readonly validated: boolean;
  /** CHECK only: the columns it proves NOT NULL, as in CHECK (a IS NOT NULL AND b IS NOT NULL). */
  readonly notNullColumns?: readonly string[];
  /** PRIMARY KEY, UNIQUE and EXCLUDE: the index behind the constraint. */
  readonly index?: string;
}

export interface TableInfo {
  readonly schema: string;
  readonly name: string;
  /** False when the columns cannot be known: CREATE TABLE AS, LIKE, OF type, an unknown parent. */
  readonly columnsKnown: boolean;
  /** In creation order. */
  readonly columns: ReadonlyMap<string, ColumnInfo>;
  readonly constraints: ReadonlyMap<string, ConstraintInfo>;
  readonly indexes: ReadonlyMap<string, IndexInfo>;
  /** A partitioned table's key: columns, null for an expression. */
  readonly partitionKey?: readonly (string | null)[];
  /** Views and materialized views whose query reads this table. */
  readonly readBy?: readonly ViewDependency[];
}

export interface EnumInfo {
  readonly schema: string;
  readonly name: string;
  /** In sort order. */
  readonly values: readonly string[];
}

/** A domain type: what ADD COLUMN of it must check on every existing row. */
export interface DomainInfo {
  readonly schema: string;
  readonly name: string;
  /** Names of its CHECK constraints. */
  readonly checks: readonly string[];
  readonly notNull: boolean;
}

/** A view, materialized view or rule that reads columns of a table: PostgreSQL refuses to change their types. */
export interface ViewDependency {
  readonly kind: 'view' | 'materialized view' | 'rule';
  /** A view schema-qualified unless in public; a rule as `name on table`. */
  readonly name: string;
  /** The columns of the table its query mentions. */
  readonly columns: readonly string[];
}

export type FunctionVolatility = 'immutable' | 'stable' | 'volatile';

export interface FunctionInfo {
  readonly schema: string;
  readonly name: string;
  readonly volatility: FunctionVolatility;
}

/** A table reference: a RangeVar from the AST, or a name with an optional schema. */
export type TableRef = RangeVar | { schema?: string; name: string } | undefined;

/**
 * The catalog as it stands before the statement being visited (earlier migrations of the set,
 * then earlier statements of the section), or at the end of the section in `endOfSection`.
 * Objects read from it may change when the next statement is replayed: do not keep them.
 * Unqualified names find `public` first, then the object of that name in any schema.
 */
export interface CatalogView {
  /** Where unqualified names are created and searched first, as the section has set it. */
  readonly searchPath: readonly string[];
  table(ref: TableRef): TableInfo | undefined;
  column(ref: TableRef, column: string): ColumnInfo | undefined;
  /** An index by name (unique per schema), with the table it is on. */
  index(name: string, schema?: string): { index: IndexInfo; table: TableInfo } | undefined;
  enumType(name: string, schema?: string): EnumInfo | undefined;
  function(name: string, schema?: string): FunctionInfo | undefined;
  domain(name: string, schema?: string): DomainInfo | undefined;
  tables(): Iterable<TableInfo>;
  enumTypes(): Iterable<EnumInfo>;
}
