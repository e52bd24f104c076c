// The checksum a history row stores: sha256 of the migration's file(s) as they were linted.
import { createHash } from 'node:crypto';
import type { Migration, MigrationSet } from '../types.js';

/**
 * sha256 (hex) of the migration's file text; for an up/down file pair, of both files.
 * When one file holds several migrations (alembic offline output), of this migration's own
 * up and down sections, so appending a revision does not change the earlier ones.
 */
export function migrationChecksum(set: MigrationSet, m: Migration): string {
  const hash = createHash('sha256');
  const sharedFile = set.migrations.some((o) => o !== m && (o.up.file === m.up.file || o.down?.file === m.up.file));
  if (sharedFile) {
    hash.update(m.up.text);
    if (m.down) hash.update('\0').update(m.down.text);
    return hash.digest('hex');
  }
  hash.update(fileText(set, m.up.file));
  if (m.down && m.down.file !== m.up.file) hash.update('\0').update(fileText(set, m.down.file));
  return hash.digest('hex');
}

function fileText(set: MigrationSet, file: string): string {
  const f = set.files.get(file);
  if (!f) throw new Error(`internal: ${file} is not in the migration set's files`);
  return f.text;
}

/** sha256 (hex) of the up alone: with the row's, tells a deleted down file from a changed up. */
export function upChecksum(m: Migration): string {
  return createHash('sha256').update(m.up.text).digest('hex');
}
