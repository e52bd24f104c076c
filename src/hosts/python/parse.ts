// Python migration files (Alembic revisions, env.py) → a Lezer syntax tree. @lezer/python is required
// only when such a file is read (it stays outside the bundle), so SQL-only runs never load it.
import { createRequire } from 'node:module';
import type { SyntaxNode, Tree } from '@lezer/common';

type LezerPython = typeof import('@lezer/python');

let python: LezerPython | undefined;

function lezer(): LezerPython {
  python ??= createRequire(import.meta.url)('@lezer/python') as LezerPython;
  return python;
}

export interface PyParseError {
  message: string;
  /** UTF-16 offset in the file's text. */
  offset: number;
}

export interface PyParse {
  tree: Tree;
  /** The first place Lezer had to recover from; the tree is still usable around it. */
  error?: PyParseError;
}

/** Parses a Python file. Lezer always returns a tree; syntax errors show as error nodes. */
export function parsePython(text: string): PyParse {
  const tree = lezer().parser.parse(text);
  let error: PyParseError | undefined;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (!node.type.isError) return undefined;
      const found = text.slice(node.from, Math.max(node.to, node.from + 1)).split('\n')[0] ?? '';
      error = { offset: node.from, message: found.trim() ? `invalid Python syntax at ${JSON.stringify(found.slice(0, 20))}` : 'invalid Python syntax' };
      return false;
    },
  });
  return error ? { tree, error } : { tree };
}

/** The children of a node, in source order. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

export type { SyntaxNode };
