// `alembic upgrade --sql` output: one migration per `-- Running upgrade A -> B` marker.
import { isBlankSql, matchLines, type LineMatch } from '../discover/lines.js';
import type { FileParts, Part, SectionRange } from '../discover/part.js';

/** Groups: 1 = from revision(s), 2 = to revision, 3 = optional text after a comma. */
export const ALEMBIC_RE = /^[ \t]*--[ \t]*Running upgrade[ \t]+(.*?)[ \t]*->[ \t]*([^\s,]+)[ \t]*(?:,[ \t]*(.*?))?[ \t]*$/gm;
const TX_RE = /^[ \t]*(BEGIN|COMMIT)[ \t]*;[ \t]*$/gim;

const between = (lines: LineMatch[], after: number, before: number) => lines.filter((l) => l.start > after && l.start < before);

/**
 * Three shapes:
 * - one transaction for the whole file (`BEGIN;` before the first marker, `COMMIT;` last):
 *   sections exclude both and are `wrapped`;
 * - transaction_per_migration (a `COMMIT;` then a `BEGIN;` between every two markers): each
 *   section runs from the `BEGIN;` before its marker to the next revision's `BEGIN;`, so it
 *   holds its own BEGIN/COMMIT and is `none`. The first one also holds the
 *   `CREATE TABLE alembic_version`, which alembic puts inside that same transaction;
 * - no BEGIN at all (transactional_ddl off): sections between markers, `none`.
 */
export function splitAlembic(text: string, marks: LineMatch[]): FileParts {
  const tx = matchLines(text, TX_RE);
  const begins = tx.filter((l) => l.groups[0]?.toUpperCase() === 'BEGIN');
  const commits = tx.filter((l) => l.groups[0]?.toUpperCase() === 'COMMIT');
  const n = marks.length;
  const at = (i: number) => marks[i] as LineMatch;

  const perMigration =
    n >= 2 &&
    marks.slice(0, -1).every((m, i) => {
      const next = at(i + 1).start;
      const commit = between(commits, m.start, next)[0];
      return commit !== undefined && between(begins, commit.start, next).length > 0;
    });
  const lastCommit = commits[commits.length - 1];
  const single =
    !perMigration &&
    begins.some((b) => b.start < at(0).start) &&
    lastCommit !== undefined &&
    lastCommit.start > at(n - 1).start &&
    isBlankSql(text, lastCommit.end);

  const ranges: SectionRange[] = marks.map((m, i) => {
    const nextMark = i + 1 < n ? at(i + 1).start : text.length;
    if (perMigration) {
      const startOf = (j: number) => {
        const own = between(begins, j > 0 ? at(j - 1).start : -1, at(j).start);
        return own[own.length - 1]?.start ?? at(j).next;
      };
      return { start: startOf(i), end: i + 1 < n ? startOf(i + 1) : text.length, wrap: 'none' };
    }
    if (single) return { start: m.next, end: i + 1 < n ? nextMark : (lastCommit as LineMatch).start, wrap: 'wrapped' };
    return { start: m.next, end: nextMark, wrap: 'none' };
  });

  const parts: Part[] = marks.map((m, i) => {
    const [, to = '', message = ''] = m.groups;
    return { layout: 'alembic', up: ranges[i] as SectionRange, version: to, name: message || to };
  });
  return { parts, problems: [] };
}
