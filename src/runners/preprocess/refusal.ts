// apply and verify send a migration's SQL as written; a migration its runner rewrites first
// (psql meta-commands, placeholders, templates) holds stand-ins there, never what the runner sends.
import { runnerNamed } from '../index.js';
import type { Migration, RewrittenConstruct, SectionSource, SourceText } from '../../types.js';
import { lineIndexFor } from '../../text.js';

/** How a construct is named in messages: "psql meta-command `\copy …`". */
export function describeConstruct(c: RewrittenConstruct): string {
  const line = c.text.split(/\r?\n/)[0] ?? '';
  return `${c.kind} \`${line.length > 40 ? `${line.slice(0, 40)}…` : line}\``;
}

/** Why a section cannot be run as written, or undefined. */
export function rewrittenReason(section: SectionSource): string | undefined {
  const first = section.rewritten?.[0];
  return first && `its runner rewrites it before running it (${describeConstruct(first)}): only the runner can run it`;
}

/** apply's refusal of a set holding migrations their runner rewrites, or undefined. */
export function rewrittenRefusal(migrations: readonly Migration[], files: ReadonlyMap<string, SourceText>): string | undefined {
  const rewritten = migrations.flatMap((m) => [m.up, ...(m.down ? [m.down] : [])].flatMap((s) => (s.rewritten?.[0] ? [{ m, s, c: s.rewritten[0] }] : [])));
  const first = rewritten[0];
  if (!first) return undefined;
  const file = files.get(first.s.file);
  const at = file ? lineIndexFor(file).position(first.c.span.start) : undefined;
  const where = `${file?.relPath ?? first.s.file}${at ? `:${at.line}:${at.column}` : ''}`;
  const runners = [...new Set(rewritten.map((r) => runnerNamed(r.m.runner).title))].join(', ');
  const count = new Set(rewritten.map((r) => r.m)).size;
  return `${count} migration${count === 1 ? '' : 's'} of the set ${count === 1 ? 'is' : 'are'} rewritten by ${runners} before the server sees ${count === 1 ? 'it' : 'them'} (${describeConstruct(first.c)} at ${where}); apply sends SQL as written, so run ${count === 1 ? 'it' : 'them'} with ${runners}`;
}
