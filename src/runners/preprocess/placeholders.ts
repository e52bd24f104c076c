// Placeholders a runner replaces in the raw text, wherever they are (strings and comments too):
// - Flyway `${name}` (prefix `${` and suffix `}` by default; `${flyway:defaultSchema}`,
//   `${flyway:user}` … are built in; `placeholderReplacement=false` turns it off; a name without
//   a value fails the migration): Flyway docs, "Placeholders" / "flyway.placeholders";
// - Liquibase `${property}` changelog parameters (liquibase-standard ChangeLogParameters /
//   ExpressionExpander; values from the changelog, liquibase.properties, -D or the environment;
//   an unknown one is left as written);
// - graphile-migrate `:NAME` keys of `.gmrc` `placeholders` (`/^:[A-Z][0-9A-Z_]+$/`) plus the
//   built-in `:DATABASE_NAME` and `:DATABASE_OWNER`, replaced with a `\b` after them
//   (graphile/migrate src/migration.ts generatePlaceholderReplacement, src/settings.ts).
import type { Construct } from './stand-in.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every `<prefix>name<suffix>` of the text; `values`: the ones the runner's config gives. */
export function affixPlaceholders(text: string, prefix: string, suffix: string, values: ReadonlyMap<string, string>): Construct[] {
  const re = new RegExp(`${escape(prefix)}([^\\s${escape(suffix.slice(0, 1))}]+?)${escape(suffix)}`, 'g');
  return [...text.matchAll(re)].map((m) => {
    const name = m[1] ?? '';
    const value = values.get(name);
    return { start: m.index, end: m.index + m[0].length, kind: 'placeholder', label: name, ...(value !== undefined ? { value } : {}) };
  });
}

/** graphile-migrate: each key of `values` (`:NAME`) followed by a word boundary. */
export function colonPlaceholders(text: string, values: ReadonlyMap<string, string | undefined>): Construct[] {
  if (values.size === 0) return [];
  const re = new RegExp(`(?:${[...values.keys()].map(escape).join('|')})\\b`, 'g');
  return [...text.matchAll(re)].map((m) => {
    const value = values.get(m[0]);
    return { start: m.index, end: m.index + m[0].length, kind: 'placeholder', label: m[0].slice(1), ...(value !== undefined ? { value } : {}) };
  });
}
