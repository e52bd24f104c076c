// The findings only a database produces (`verify`, `trace`), never `lint`: lint cannot tell
// whether a suppression of one of them is used, so it does not call it unused.
export const DATABASE_RULE_IDS: ReadonlySet<string> = new Set([
  'verify-up-fails',
  'verify-down-mismatch',
  'verify-up-not-repeatable',
  'verify-skipped',
  'lock-table-mismatch',
]);
