// TypeScript/JavaScript migration files → a Babel AST. @babel/parser is required only when such a
// file is read (it stays outside the bundle), so SQL-only runs never load it.
import { createRequire } from 'node:module';
import type { ParseResult, ParserOptions } from '@babel/parser';
import type { File } from '@babel/types';

type BabelParser = typeof import('@babel/parser');

let parser: BabelParser | undefined;

function babel(): BabelParser {
  parser ??= createRequire(import.meta.url)('@babel/parser') as BabelParser;
  return parser;
}

export interface JsParseError {
  message: string;
  /** UTF-16 offset in the file's text. */
  offset: number;
}

/** Parses a migration file; `.ts`/`.mts`/`.cts` get the TypeScript plugin, others JSX-free JS. */
export function parseJs(text: string, path: string): { ast: ParseResult<File> } | { error: JsParseError } {
  const typescript = /\.[cm]?tsx?$/.test(path);
  const options: ParserOptions = {
    sourceType: 'unambiguous',
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    errorRecovery: false,
    plugins: typescript ? [['typescript', {}], 'decorators-legacy'] : ['decorators-legacy'],
  };
  try {
    return { ast: babel().parse(text, options) };
  } catch (error) {
    const e = error as { message?: string; pos?: number; reasonCode?: string };
    const message = (e.message ?? String(error)).replace(/\s*\(\d+:\d+\)$/, '');
    return { error: { message, offset: typeof e.pos === 'number' ? e.pos : 0 } };
  }
}
