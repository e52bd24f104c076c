// graphile-migrate's `.gmrc` (JSON5) or `.gmrc.js` beside the migrations folder or one above it,
// and the SQL files its `afterReset` actions run (graphile/migrate src/settings.ts, src/actions.ts:
// a string action names a file of the migrations folder, `!` runs it with the root connection).
import path from 'node:path';
import type { Probe } from './types.js';

/** The text of the settings file for the migrations folder `root` ('' when there is none). */
export function gmrcText(root: string, probe: Probe): string {
  const dir = [root, path.dirname(root)].find((d) => probe.exists(path.join(d, '.gmrc')) || probe.exists(path.join(d, '.gmrc.js')));
  if (dir === undefined) return '';
  return probe.read(path.join(dir, '.gmrc')) ?? probe.read(path.join(dir, '.gmrc.js')) ?? '';
}

/** The `.sql` files `afterReset` runs, relative to `root`. */
export function afterResetFiles(root: string, probe: Probe): string[] {
  return probe.memo(`gmrc-after-reset:${root}`, () => {
    const code = gmrcText(root, probe).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const start = /["']?afterReset["']?\s*:/.exec(code);
    if (!start) return [];
    const value = jsonValue(code, start.index + start[0].length);
    return [...value.matchAll(/"!?([^"]+\.sql)"|'!?([^']+\.sql)'/g)].map((m) => m[1] ?? m[2] ?? '').filter((f) => f !== '');
  });
}

/** The JSON5 value starting at `from`: a string, or an array or object up to its closing bracket. */
function jsonValue(code: string, from: number): string {
  let i = from;
  while (/\s/.test(code[i] ?? '')) i++;
  let depth = 0;
  for (let j = i; j < code.length; j++) {
    const c = code[j];
    if (c === '"' || c === "'") {
      const close = code.indexOf(c, j + 1);
      if (close < 0) return code.slice(i);
      if (depth === 0) return code.slice(i, close + 1);
      j = close;
    } else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth <= 0) return code.slice(i, j + 1);
  }
  return code.slice(i);
}
