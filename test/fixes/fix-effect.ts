// What a fix may change in the schema a migration leaves: the column types it widens (and what
// PostgreSQL derives from them: a serial's sequence, casts in defaults, views and constraints),
// nothing else. A CONCURRENTLY fix may change nothing at all. Snapshots are the tool's own
// (src/verify/snapshot.ts); a fix that made a statement a no-op shows as objects missing.
import { compareSnapshots, type SchemaDiff } from '../../src/verify/compare.js';
import type { PropertyValue, SchemaObject, Snapshot } from '../../src/verify/snapshot.js';

/** The type names each type fix turns into its wider type, as format_type and pg_get_*def print them. */
const WIDENINGS: Record<string, (text: string) => string> = {
  // A bigint column's constant default is kept with its cast: DEFAULT 0 reads '0'::bigint.
  'prefer-bigint-over-int': (t) => t.replace(/\binteger\b/g, 'bigint').replace(/^'(-?\d+)'::bigint$/, '$1'),
  // A text column needs no cast to text: `(kind)::text = 'x'::text` becomes `kind = 'x'::text`.
  'prefer-text-field': (t) => t.replace(/\bcharacter varying(\(\d+\))?/g, 'text').replace(/\(("[^"]+"|[a-z_][a-z0-9_$]*)\)::text\b/g, '$1'),
  // A timestamptz constant is printed with the offset of the TimeZone it was read in.
  'prefer-timestamptz': (t) =>
    t
      .replace(/\btimestamp(\(\d\))? without time zone\b/g, 'timestamp$1 with time zone')
      .replace(/'([^']*?)[+-]\d\d(?::\d\d)?'::timestamp(\(\d\))? with time zone/g, "'$1'::timestamp$2 with time zone"),
};

const INT4_MAX = '2147483647';
const INT8_MAX = '9223372036854775807';

function widened(o: SchemaObject, widen: (text: string) => string): SchemaObject {
  const props: Record<string, PropertyValue> = {};
  for (const [k, v] of Object.entries(o.props)) props[k] = typeof v === 'string' ? widen(v) : v;
  // varchar's DEFAULT NULL is kept as NULL::character varying (a length coercion); text's is dropped.
  if (o.kind === 'column' && typeof props.default === 'string' && /^NULL::[a-z ]+(\(\d+\))?$/.test(props.default)) props.default = null;
  // bigserial: the sequence is bigint, so is its maximum.
  if (o.kind === 'sequence' && o.props.type === 'integer' && props.type === 'bigint' && props.max === INT4_MAX) props.max = INT8_MAX;
  return { ...o, props };
}

function widenAll(s: Snapshot, ruleIds: Iterable<string>): Snapshot {
  const steps = [...new Set(ruleIds)].flatMap((id) => (WIDENINGS[id] ? [WIDENINGS[id]] : []));
  if (steps.length === 0) return s;
  const widen = (text: string) => steps.reduce((t, step) => step(t), text);
  return { objects: s.objects.map((o) => widened(o, widen)) };
}

/**
 * The schema the fixed migration left, against the original's, once the widening the fixes of
 * `ruleIds` intend is applied to the original: empty when the fix changed nothing else.
 */
export function unintendedDifference(original: Snapshot, fixed: Snapshot, ruleIds: Iterable<string>): SchemaDiff {
  const ids = [...ruleIds];
  return compareSnapshots(widenAll(original, ids), widenAll(fixed, ids));
}
