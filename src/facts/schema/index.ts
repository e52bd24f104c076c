// The schema model: an offline catalog replayed from the migrations, read-only for rules.
export type * from './model.js';
export { Catalog, type CatalogRecords } from './catalog.js';
export { replayStatement } from './replay.js';
export { columnType, formatType, sameType } from './column-type.js';
export { isBinaryCoercible } from './coercion.js';
export { expressionVolatility, functionVolatility, isNullConstant, volatileCall, type FunctionLookup } from './volatility.js';
export { exprText } from './expr-text.js';
export { mentionedColumns, notNullColumns } from './constraints.js';
export { catalogSnapshot, type CatalogSnapshot, type TableSnapshot } from './snapshot.js';
export { DEFAULT_SEARCH_PATH } from './search-path.js';
