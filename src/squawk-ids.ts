// squawk's rule ids, and which of our rules each one names, so `-- squawk-ignore …` comments
// left for squawk keep working here. Most of our ids are squawk's where squawk has the check.

/**
 * Every rule name squawk 2.66 accepts (`squawk --exclude=<name>` does not reject it; checked
 * against the installed squawk-cli by test/suppress.test.ts), plus `ban-drop-schema` from
 * later squawk versions.
 */
export const SQUAWK_RULE_IDS: readonly string[] = [
  'adding-field-with-default',
  'adding-foreign-key-constraint',
  'adding-not-nullable-field',
  'adding-required-field',
  'adding-serial-primary-key-field',
  'ban-alter-domain-with-add-constraint',
  'ban-char-field',
  'ban-concurrent-index-creation-in-transaction',
  'ban-create-domain-with-constraint',
  'ban-drop-column',
  'ban-drop-database',
  'ban-drop-not-null',
  'ban-drop-schema',
  'ban-drop-table',
  'ban-duplicate-column-assignments',
  'ban-truncate-cascade',
  'ban-uncommitted-transaction',
  'changing-column-type',
  'constraint-missing-not-valid',
  'disallowed-unique-constraint',
  'identifier-too-long',
  'prefer-bigint-over-int',
  'prefer-bigint-over-smallint',
  'prefer-identity',
  'prefer-repack',
  'prefer-robust-stmts',
  'prefer-text-field',
  'prefer-timestamp-tz',
  'prefer-timestamptz',
  'renaming-column',
  'renaming-table',
  'require-concurrent-index-creation',
  'require-concurrent-index-deletion',
  'require-concurrent-partition-detach',
  'require-concurrent-reindex',
  'require-enum-value-ordering',
  'require-lock-timeout',
  'require-statement-timeout',
  'require-table-schema',
  'require-timeout-settings',
  'transaction-nesting',
];

/** squawk names whose check has another id here (squawk prints prefer-timestamp-tz; require-timeout-settings is both timeouts). */
const RENAMED: Readonly<Record<string, readonly string[]>> = {
  'prefer-timestamp-tz': ['prefer-timestamptz'],
  'require-timeout-settings': ['require-lock-timeout', 'require-statement-timeout'],
};

/** squawk rules with no counterpart here: a squawk-ignore of them suppresses nothing. */
const SQUAWK_ONLY = new Set(['prefer-repack']);

/** Our rule ids a squawk rule name stands for; [] for a name squawk does not know or we lack. */
export function rulesForSquawkId(squawkId: string): readonly string[] {
  const renamed = RENAMED[squawkId];
  if (renamed) return renamed;
  return SQUAWK_RULE_IDS.includes(squawkId) && !SQUAWK_ONLY.has(squawkId) ? [squawkId] : [];
}

/** Every rule id here that a squawk rule name stands for (what a bare `squawk-ignore-file` silences). */
export function squawkSharedRuleIds(): string[] {
  return [...new Set(SQUAWK_RULE_IDS.flatMap(rulesForSquawkId))];
}
