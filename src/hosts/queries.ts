// Which statements of an ORM section go to the server in the same simple-query message: the pieces
// of calls the extractor marked `oneQuery` (the transaction model makes several of them one
// implicit transaction).
import type { SectionHost, Span } from '../types.js';

/** Per statement (span in the section's text), the number of the one-query segment holding it; undefined: sent on its own. */
export function queriesOfStatements(host: SectionHost | undefined, spans: readonly Span[]): (number | undefined)[] {
  if (!host?.segments.some((s) => s.oneQuery)) return [];
  return spans.map((span) => {
    const index = host.segments.findIndex((s) => s.start <= span.start && span.start < s.end);
    return index >= 0 && host.segments[index]?.oneQuery ? index : undefined;
  });
}
