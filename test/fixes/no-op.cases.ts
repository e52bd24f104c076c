// A goose set whose second migration (outside a transaction, so prefer-robust-stmts asks for
// IF NOT EXISTS) adds a column, an index and a table that the first already made: each fix would
// turn a statement that fails into one that does nothing, hiding the change the migration meant.
export const SETUP = 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100));\nCREATE INDEX users_email_idx ON users (email);';

export const EMPTIED = ['ALTER TABLE users ADD COLUMN email text;', 'CREATE INDEX CONCURRENTLY users_email_idx ON users (lower(email));', 'CREATE TABLE users (id bigint PRIMARY KEY, name text);'];

/** The statements with the fixes applied. */
export const FIXED = ['ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (lower(email));', 'CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, name text);'];

/** A statement on new objects: its fix changes the model as the original does, and is kept. */
export const KEPT = 'CREATE INDEX CONCURRENTLY users_id_email_idx ON users (id, email);';

export const FILES = {
  'migrations/00001_users.sql': `-- +goose Up\n${SETUP}\n-- +goose Down\nDROP TABLE users;\n`,
  'migrations/00002_email.sql': `-- +goose NO TRANSACTION\n-- +goose Up\n${EMPTIED.join('\n')}\n${KEPT}\n-- +goose Down\nSELECT 1;\n`,
};

export const CONFIG = { migrations: ['migrations'], runner: 'goose', rules: { 'prefer-robust-stmts': 'warn' } };
