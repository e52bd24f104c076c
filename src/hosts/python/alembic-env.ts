// env.py beside an Alembic versions/ directory: how `context.configure(...)` sets up transactions.
// transaction_per_migration=True → each revision in its own transaction; the default (False) runs all
// pending revisions in one; transactional_ddl=False → none (alembic/runtime/migration.py begin_transaction).
import type { WrapMode } from '../../types.js';
import { parsePython, type SyntaxNode } from './parse.js';
import { collectBindings, collectImports, evaluate, type Scope } from './values.js';

export interface AlembicEnv {
  wrap: WrapMode;
}

/** The transaction model env.py configures; undefined when its configure() calls do not say so literally. */
export function readAlembicEnv(text: string): AlembicEnv | undefined {
  const { tree } = parsePython(text);
  const scope: Scope = { text, imports: collectImports(tree.topNode, text), module: collectBindings(tree.topNode, text) };
  const flags = { perMigration: [] as boolean[], transactionalDdl: [] as boolean[] };
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'CallExpression') return;
      const node: SyntaxNode = ref.node;
      const callee = node.firstChild;
      if (callee?.name !== 'MemberExpression' || !callee.lastChild || text.slice(callee.lastChild.from, callee.lastChild.to) !== 'configure') return;
      const value = evaluate(node, scope);
      if (value.kind !== 'call') return;
      for (const [key, list] of [['transaction_per_migration', flags.perMigration], ['transactional_ddl', flags.transactionalDdl]] as const) {
        const flag = value.kwargs.get(key);
        if (flag?.kind === 'bool') list.push(flag.value);
      }
    },
  });
  if (flags.transactionalDdl.length > 0 && flags.transactionalDdl.every((f) => !f)) return { wrap: 'none' };
  if (flags.perMigration.length > 0 && flags.perMigration.every(Boolean)) return { wrap: 'wrapped' };
  if (flags.perMigration.length > 0 && flags.perMigration.every((f) => !f)) return { wrap: 'whole-run' };
  return undefined;
}
