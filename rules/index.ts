// The only registry of rules: one import and one entry per rule, in the order docs list them.
import type { AnyRule } from '../src/rule.js';
import syntaxError from './syntax-error.js';
import unsupportedSyntax from './unsupported-syntax.js';
import unusedSuppression from './unused-suppression.js';
import unknownRule from './unknown-rule.js';
import suppressionMissingReason from './suppression-missing-reason.js';
import invalidFile from './invalid-file.js';
import malformedMetadata from './malformed-metadata.js';
import emptyMigration from './empty-migration.js';
import includeNotLinted from './include-not-linted.js';
import requireConcurrentIndexCreation from './require-concurrent-index-creation.js';
import namingConvention from './naming-convention.js';
import requireConcurrentIndexDeletion from './require-concurrent-index-deletion.js';
import banConcurrentIndexCreationInTransaction from './ban-concurrent-index-creation-in-transaction.js';
import banNonTransactionalStatementInTransaction from './ban-non-transactional-statement-in-transaction.js';
import sessionSettingOutlivesMigration from './session-setting-outlives-migration.js';
import addingRequiredField from './adding-required-field.js';
import addingNotNullableField from './adding-not-nullable-field.js';
import banDeleteWithoutWhere from './ban-delete-without-where.js';
import banUpdateWithoutWhere from './ban-update-without-where.js';
import requireDownMigration from './require-down-migration.js';
import banDropDatabase from './ban-drop-database.js';
import banDropSchema from './ban-drop-schema.js';
import banTruncateCascade from './ban-truncate-cascade.js';
import banTruncate from './ban-truncate.js';
import explicitTableLock from './explicit-table-lock.js';
import attachPartitionWithoutCheck from './attach-partition-without-check.js';
import addingConstrainedDomainColumn from './adding-constrained-domain-column.js';
import fkMissingIndex from './fk-missing-index.js';
import constraintMissingNotValid from './constraint-missing-not-valid.js';
import addingForeignKeyConstraint from './adding-foreign-key-constraint.js';
import disallowedUniqueConstraint from './disallowed-unique-constraint.js';
import addingSerialPrimaryKeyField from './adding-serial-primary-key-field.js';
import banExclusionConstraint from './ban-exclusion-constraint.js';
import banDropNotNull from './ban-drop-not-null.js';
import addingFieldWithDefault from './adding-field-with-default.js';
import changingColumnType from './changing-column-type.js';
import banCreateDomainWithConstraint from './ban-create-domain-with-constraint.js';
import banAlterDomainWithAddConstraint from './ban-alter-domain-with-add-constraint.js';
import banDropColumn from './ban-drop-column.js';
import banDropTable from './ban-drop-table.js';
import renamingColumn from './renaming-column.js';
import renamingTable from './renaming-table.js';
import renamingSchema from './renaming-schema.js';
import renamingEnumValue from './renaming-enum-value.js';
import addingAutoIncrementColumn from './adding-auto-increment-column.js';
import addingStoredGeneratedColumn from './adding-stored-generated-column.js';
import preferJsonb from './prefer-jsonb.js';
import preferTextField from './prefer-text-field.js';
import banCharField from './ban-char-field.js';
import preferTimestamptz from './prefer-timestamptz.js';
import preferBigintOverInt from './prefer-bigint-over-int.js';
import preferBigintOverSmallint from './prefer-bigint-over-smallint.js';
import preferIdentity from './prefer-identity.js';
import identifierTooLong from './identifier-too-long.js';
import banDuplicateColumnAssignments from './ban-duplicate-column-assignments.js';
import requireTableSchema from './require-table-schema.js';
import requirePrimaryKey from './require-primary-key.js';
import mergeAlterTable from './merge-alter-table.js';
import requireConcurrentReindex from './require-concurrent-reindex.js';
import requireConcurrentRefresh from './require-concurrent-refresh.js';
import requireConcurrentPartitionDetach from './require-concurrent-partition-detach.js';
import rewritingTableOption from './rewriting-table-option.js';
import requireEnumValueOrdering from './require-enum-value-ordering.js';
import enumValueUsedInSameTransaction from './enum-value-used-in-same-transaction.js';
import requireLockTimeout from './require-lock-timeout.js';
import requireStatementTimeout from './require-statement-timeout.js';
import transactionNesting from './transaction-nesting.js';
import banUncommittedTransaction from './ban-uncommitted-transaction.js';
import mixedTransactionalStatements from './mixed-transactional-statements.js';
import longLockHold from './long-lock-hold.js';
import backfillInDdlTransaction from './backfill-in-ddl-transaction.js';
import preferRobustStmts from './prefer-robust-stmts.js';
import verifyUpFails from './verify-up-fails.js';
import verifyDownMismatch from './verify-down-mismatch.js';
import verifyUpNotRepeatable from './verify-up-not-repeatable.js';
import verifySkipped from './verify-skipped.js';
import lockTableMismatch from './lock-table-mismatch.js';
import largeTableRewrite from './large-table-rewrite.js';
import ormExecuteFailed from './orm-execute-failed.js';

const all: AnyRule[] = [
  syntaxError,
  unsupportedSyntax,
  unusedSuppression,
  unknownRule,
  suppressionMissingReason,
  invalidFile,
  malformedMetadata,
  emptyMigration,
  includeNotLinted,
  requireConcurrentIndexCreation,
  namingConvention,
  requireConcurrentIndexDeletion,
  banConcurrentIndexCreationInTransaction,
  banNonTransactionalStatementInTransaction,
  sessionSettingOutlivesMigration,
  addingRequiredField,
  addingNotNullableField,
  banDeleteWithoutWhere,
  banUpdateWithoutWhere,
  requireDownMigration,
  banDropDatabase,
  banDropSchema,
  banTruncateCascade,
  banTruncate,
  explicitTableLock,
  attachPartitionWithoutCheck,
  addingConstrainedDomainColumn,
  fkMissingIndex,
  constraintMissingNotValid,
  addingForeignKeyConstraint,
  disallowedUniqueConstraint,
  addingSerialPrimaryKeyField,
  banExclusionConstraint,
  banDropNotNull,
  addingFieldWithDefault,
  changingColumnType,
  banCreateDomainWithConstraint,
  banAlterDomainWithAddConstraint,
  banDropColumn,
  banDropTable,
  renamingColumn,
  renamingTable,
  renamingSchema,
  renamingEnumValue,
  addingAutoIncrementColumn,
  addingStoredGeneratedColumn,
  preferJsonb,
  preferTextField,
  banCharField,
  preferTimestamptz,
  preferBigintOverInt,
  preferBigintOverSmallint,
  preferIdentity,
  identifierTooLong,
  banDuplicateColumnAssignments,
  requireTableSchema,
  requirePrimaryKey,
  mergeAlterTable,
  requireConcurrentReindex,
  requireConcurrentRefresh,
  requireConcurrentPartitionDetach,
  rewritingTableOption,
  requireEnumValueOrdering,
  enumValueUsedInSameTransaction,
  requireLockTimeout,
  requireStatementTimeout,
  transactionNesting,
  banUncommittedTransaction,
  mixedTransactionalStatements,
  longLockHold,
  backfillInDdlTransaction,
  preferRobustStmts,
  verifyUpFails,
  verifyDownMismatch,
  verifyUpNotRepeatable,
  verifySkipped,
  lockTableMismatch,
  largeTableRewrite,
  ormExecuteFailed,
];

export const rules: ReadonlyMap<string, AnyRule> = new Map(all.map((rule) => [rule.meta.id, rule]));
