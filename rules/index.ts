// The only registry of rules: one import and one entry per rule, in the order docs list them.
import type { AnyRule } from '../src/rule.js';
import syntaxError from './syntax-error.js';
import unusedSuppression from './unused-suppression.js';
import unknownRule from './unknown-rule.js';
import suppressionMissingReason from './suppression-missing-reason.js';
import invalidFile from './invalid-file.js';
import malformedMetadata from './malformed-metadata.js';
import emptyMigration from './empty-migration.js';
import requireConcurrentIndexCreation from './require-concurrent-index-creation.js';
import namingConvention from './naming-convention.js';
import requireConcurrentIndexDeletion from './require-concurrent-index-deletion.js';
import banConcurrentIndexCreationInTransaction from './ban-concurrent-index-creation-in-transaction.js';
import addingRequiredField from './adding-required-field.js';
import addingNotNullableField from './adding-not-nullable-field.js';
import banDeleteWithoutWhere from './ban-delete-without-where.js';
import banUpdateWithoutWhere from './ban-update-without-where.js';
import requireDownMigration from './require-down-migration.js';
import banDropDatabase from './ban-drop-database.js';
import banDropSchema from './ban-drop-schema.js';
import banTruncateCascade from './ban-truncate-cascade.js';

const all: AnyRule[] = [
  syntaxError,
  unusedSuppression,
  unknownRule,
  suppressionMissingReason,
  invalidFile,
  malformedMetadata,
  emptyMigration,
  requireConcurrentIndexCreation,
  namingConvention,
  requireConcurrentIndexDeletion,
  banConcurrentIndexCreationInTransaction,
  addingRequiredField,
  addingNotNullableField,
  banDeleteWithoutWhere,
  banUpdateWithoutWhere,
  requireDownMigration,
  banDropDatabase,
  banDropSchema,
  banTruncateCascade,
];

export const rules: ReadonlyMap<string, AnyRule> = new Map(all.map((rule) => [rule.meta.id, rule]));
