// graphile-migrate's placeholders: the `:NAME` keys of `.gmrc` (JSON5) or `.gmrc.js`
// `placeholders`, with their values unless `"!ENV"` (read from the environment at run time), plus
// the built-in `:DATABASE_NAME` and `:DATABASE_OWNER`, known only when it runs
// (graphile/migrate src/settings.ts, src/migration.ts).
import { gmrcText } from '../gmrc.js';
import type { Probe } from '../types.js';

const KEY_VALUE = /["']?(:[A-Z][0-9A-Z_]+)["']?\s*:\s*(?:"([^"]*)"|'([^']*)')/g;

/** `root`: the migrations folder, whose directory or parent holds `.gmrc`. */
export function gmrcPlaceholders(root: string, probe: Probe): Map<string, string | undefined> {
  return probe.memo(`gmrc-placeholders:${root}`, () => {
    const values = new Map<string, string | undefined>([[':DATABASE_NAME', undefined], [':DATABASE_OWNER', undefined]]);
    for (const m of gmrcText(root, probe).matchAll(KEY_VALUE)) {
      const value = m[2] ?? m[3];
      if (m[1] && !values.has(m[1])) values.set(m[1], value === '!ENV' ? undefined : value);
    }
    return values;
  });
}
