// A withheld fix on a builder call, said in the ORM's own API: the option that makes the call generate
// the fixed SQL, and how the migration leaves the transaction. Looked up by name because a section
// (SectionHost) crosses worker threads as plain data.
import type { Fix } from '../types.js';

export type BuilderFixHelpName = 'alembic' | 'node-pg-migrate' | 'sequelize' | 'knex' | 'typeorm';

/** Help for a fix of the SQL `call` generates; undefined when the ORM has no words for this fix. */
export type BuilderFixHelp = (call: string, fix: Fix, fixedSql: string) => string | undefined;

/** An insertion into the call's text (offset in it) that makes the call generate the fixed SQL exactly. */
export type BuilderFixEdit = (call: string, fix: Fix, fixedSql: string, callText: string) => { offset: number; text: string } | undefined;

type IndexChange = 'create' | 'drop';

/** The index statement the fix makes concurrent, if that is what it does. */
function concurrentIndex(fix: Fix, fixedSql: string): IndexChange | undefined {
  if (fix.title !== 'Add CONCURRENTLY') return undefined;
  if (/^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i.test(fixedSql)) return 'create';
  if (/^DROP\s+INDEX\s+CONCURRENTLY\b/i.test(fixedSql)) return 'drop';
  return undefined;
}

/** `op.create_index(...)` → `op.create_index`, `create_index`. */
function callee(call: string): { head: string; method: string } {
  // \u2026 is the ellipsis: esbuild leaves a regular expression's characters as they are, and the CLI's bundle must stay ASCII (scripts/bundle.mjs).
  const head = call.replace(/\((?:\u2026|\.\.\.)\)$/, '');
  return { head, method: head.slice(head.lastIndexOf('.') + 1) };
}

const alembic: BuilderFixHelp = (call, fix, fixedSql) => {
  const { head, method } = callee(call);
  if (!concurrentIndex(fix, fixedSql) || (method !== 'create_index' && method !== 'drop_index')) return undefined;
  return `Write it as \`${head}(…, postgresql_concurrently=True)\` inside \`with op.get_context().autocommit_block():\` (Alembic commits the revision's transaction before that block and runs the block outside any transaction); it then sends: ${fixedSql}`;
};

/** `, postgresql_concurrently=True` before the closing parenthesis; the fix is only offered outside a transaction. */
const alembicEdit: BuilderFixEdit = (call, fix, fixedSql, callText) => {
  const { method } = callee(call);
  if (!concurrentIndex(fix, fixedSql) || (method !== 'create_index' && method !== 'drop_index')) return undefined;
  // A comment, **kwargs or the keyword already given: an insertion would not map exactly.
  if (!callText.endsWith(')') || /#|\*\*|postgresql_concurrently/.test(callText)) return undefined;
  const before = callText.slice(0, -1).trimEnd();
  return { offset: before.length, text: `${before.endsWith(',') || before.endsWith('(') ? ' ' : ', '}postgresql_concurrently=True` };
};

const nodePgMigrate: BuilderFixHelp = (call, fix, fixedSql) => {
  const { head, method } = callee(call);
  const change = concurrentIndex(fix, fixedSql);
  const fits = change === 'create' ? method === 'createIndex' || method === 'addIndex' : change === 'drop' && method === 'dropIndex';
  if (!fits) return undefined;
  return `Add \`concurrently: true\` to its options, \`${head}(…, { concurrently: true })\`, in a migration that calls \`pgm.noTransaction()\` (node-pg-migrate then runs it outside a transaction); it then sends: ${fixedSql}`;
};

const sequelize: BuilderFixHelp = (call, fix, fixedSql) => {
  const { head, method } = callee(call);
  const change = concurrentIndex(fix, fixedSql);
  const fits = change === 'create' ? method === 'addIndex' : change === 'drop' && method === 'removeIndex';
  if (!fits) return undefined;
  return `Add \`concurrently: true\` to its options, \`${head}(…, { concurrently: true })\` (sequelize-cli runs a migration outside a transaction unless it opens one); it then sends: ${fixedSql}`;
};

const knex: BuilderFixHelp = (call, fix, fixedSql) => {
  if (!concurrentIndex(fix, fixedSql)) return undefined;
  return `Knex's schema builder has no concurrent option: send it with \`knex.raw(\`${fixedSql}\`)\` instead of \`${call}\`, in a migration that exports \`config = { transaction: false }\``;
};

const typeorm: BuilderFixHelp = (call, fix, fixedSql) => {
  const { head, method } = callee(call);
  const change = concurrentIndex(fix, fixedSql);
  const fits = change === 'create' ? method === 'createIndex' : change === 'drop' && method === 'dropIndex';
  if (!fits) return undefined;
  return `Pass a \`TableIndex\` with \`isConcurrent: true\`, \`${head}(…, new TableIndex({ …, isConcurrent: true }))\`, in a migration class with \`transaction = false\` (honoured when the data source's migrationsTransactionMode is "each"); it then sends: ${fixedSql}`;
};

export const BUILDER_FIX_HELP: Readonly<Record<BuilderFixHelpName, BuilderFixHelp>> = {
  alembic,
  'node-pg-migrate': nodePgMigrate,
  sequelize,
  knex,
  typeorm,
};

export const BUILDER_FIX_EDIT: Readonly<Partial<Record<BuilderFixHelpName, BuilderFixEdit>>> = { alembic: alembicEdit };
