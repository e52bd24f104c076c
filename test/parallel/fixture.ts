// A project of several migrations directories whose findings cover what crosses threads:
// rule findings with fixes, suppressions (used, unused, unknown, without reason), downs required
// per directory, a syntax error, discovery problems in a migration's file and in a file that
// holds none, two layouts whose set directory is not the file's directory, and rule options
// (the config crosses threads too).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const FIXTURE_CONFIG = { rules: { 'suppression-missing-reason': 'warning', 'naming-convention': ['warning', { preset: 'postgres' }] } };

export const FIXTURE_FILES: Record<string, string | Buffer> = {
  'app/migrations/001_init.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX ix_orders_customer ON orders (customer_id);\n',
  'app/migrations/002_more.sql': [
    '-- migrationlint-ignore require-concurrent-index-creation',
    'CREATE INDEX ix_orders_id ON orders (id);',
    '-- migrationlint-ignore no-such-rule -- why not',
    'ALTER TABLE orders ADD COLUMN note text;',
    'ALTER TABLE orders ALTER COLUMN note SET NOT NULL;',
    '',
  ].join('\n'),
  'app/migrations/003_broken.sql': 'CREATE TABLE ok (a int);\nCREATE TABLE broken (;\nDROP TABLE ok;\n',
  'svc/db/001_users.up.sql': 'CREATE TABLE users (id int);\n',
  'svc/db/001_users.down.sql': 'DROP TABLE users;\n',
  'svc/db/002_email.up.sql': 'ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT now()::text;\n',
  'diesel/migrations/2020-01-01-000000_create/up.sql': 'CREATE TABLE posts (id serial PRIMARY KEY, title varchar(10));\n',
  'diesel/migrations/2020-01-01-000000_create/down.sql': 'DROP TABLE posts;\n',
  'diesel/migrations/2020-02-01-000000_alter/up.sql': 'ALTER TABLE posts ALTER COLUMN title TYPE text;\n',
  'diesel/migrations/2020-02-01-000000_alter/down.sql': 'ALTER TABLE posts ALTER COLUMN title TYPE varchar(10);\n',
  'misc/001_empty.sql': '-- nothing here yet\n',
  'misc/002_binary.sql': Buffer.from([0x43, 0x52, 0x00, 0x45]),
  'misc/003_rename.sql': 'ALTER TABLE t RENAME COLUMN a TO b;\n',
};

/** A fresh copy of the fixture project; returns its directory. */
export function fixtureProject(files: Record<string, string | Buffer> = FIXTURE_FILES): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-parallel-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify(FIXTURE_CONFIG));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
