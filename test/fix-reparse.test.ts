// The fix check parses a fixed section from the parse of the section as it was (only the statements
// the fixes touch again): what it gives must be what parsing the fixed section whole gives, or
// nothing (then the section is parsed whole).
import { beforeAll, describe, expect, it } from 'vitest';
import { reparseFixed } from '../src/fix-reparse.js';
import { fixedFile } from '../src/fix-sections.js';
import { loadParser, parseSection } from '../src/parse.js';
import type { Fix, ParsedSection, SectionSource } from '../src/types.js';

beforeAll(loadParser);

const FILE = '/m/002_task.sql';

/** A fix replacing the first `find` with `replacement`. */
function fix(text: string, find: string, replacement: string): Fix {
  const start = text.indexOf(find);
  if (start < 0) throw new Error(`no ${find} in the text`);
  return { title: 'test', edits: [{ start, end: start + find.length, text: replacement }] };
}

/** What analysis reads of a parse: each statement with every node location resolved to its file offset. */
function seen(parsed: ParsedSection): unknown {
  return parsed.statements.map((s) => ({
    index: s.index,
    tag: s.tag,
    text: s.text,
    span: s.span,
    node: JSON.parse(JSON.stringify(s.node, (key, value: unknown) => (key === 'location' && typeof value === 'number' ? (value < 0 ? value : parsed.byteToFileOffset(s.byteBase + value)) : value))) as unknown,
  }));
}

/** The section of `text` (from `offset` on) and its fixed form: reparsed, and parsed whole. */
function both(text: string, fixes: Fix[], offset = 0) {
  const source: SectionSource = { file: FILE, text: text.slice(offset), offset, wrap: 'wrapped' };
  const fixed = fixedFile({ path: FILE, relPath: '002_task.sql', text }, fixes, [], { assumeInTransaction: false });
  const section = fixed.section(source)!;
  return { reparsed: reparseFixed(parseSection(source), section, fixed.edits), whole: parseSection(section) };
}

const SQL = [
  "-- größe: the notes' table ✓",
  "CREATE TABLE note (body varchar(100), at timestamp, label text DEFAULT 'größe ✓');",
  'ALTER TABLE task ADD COLUMN vendor_type varchar(16);',
  "COMMENT ON COLUMN task.vendor_type IS 'the vendor — größe';",
  'ALTER TABLE task ALTER COLUMN vendor_type TYPE varchar(64);',
  "SELECT 'a' ORDER BY 1; CREATE INDEX task_vendor ON task (vendor_type);",
  '',
].join('\n');

describe('reparseFixed', () => {
  it('gives the statements the whole fixed section parses to, moved past edits and multi-byte text', () => {
    const cases: Fix[][] = [
      [fix(SQL, 'varchar(100)', 'text'), fix(SQL, 'timestamp', 'timestamptz')],
      [fix(SQL, 'varchar(16)', 'text')],
      [fix(SQL, 'varchar(100)', 'text'), fix(SQL, 'varchar(16)', 'text'), fix(SQL, 'INDEX', 'INDEX CONCURRENTLY')],
      // At a statement's very start and end, and between two statements on one line.
      [fix(SQL, 'ALTER TABLE task ALTER', '/* ✓ */ ALTER TABLE task ALTER'), fix(SQL, 'varchar(64)', 'text')],
      [fix(SQL, "ORDER BY 1; CREATE", 'ORDER BY 1;; CREATE')],
      // A fix that adds a statement.
      [fix(SQL, 'varchar(16);', "varchar(16); SELECT 'größe';")],
    ];
    for (const fixes of cases) {
      const { reparsed, whole } = both(SQL, fixes);
      expect(reparsed, JSON.stringify(fixes)).toBeDefined();
      expect(seen(reparsed!)).toEqual(seen(whole));
      expect(whole.syntaxErrors).toEqual([]);
    }
  });

  it('places a section that starts inside its file, after edits before it', () => {
    const head = "CREATE TABLE a (b varchar(10));\n-- +goose Down\n";
    const text = head + SQL;
    const { reparsed, whole } = both(text, [fix(text, 'varchar(16)', 'text')], head.length);
    expect(seen(reparsed!)).toEqual(seen(whole));
  });

  it('gives nothing where the fixed text does not split into the same statements', () => {
    const cases: Fix[] = [
      // A comment that runs over the next statement on its line, a ';' taken away, a quote left open.
      fix(SQL, "SELECT 'a'", "SELECT 'a' --"),
      fix(SQL, 'varchar(16);', 'varchar(16)'),
      fix(SQL, "'the vendor", "'the vendor'"),
      fix(SQL, 'ALTER TABLE task ALTER', 'ALTER TABLE task BROKEN'),
    ];
    for (const f of cases) {
      const { reparsed, whole } = both(SQL, [f]);
      expect(reparsed, JSON.stringify(f)).toBeUndefined();
      // What parsing it whole gives instead differs from the statements a splice would have kept.
      expect(whole.syntaxErrors.length > 0 || whole.statements.length !== parseSection({ file: FILE, text: SQL, offset: 0, wrap: 'wrapped' }).statements.length || whole.statements.some((s) => s.text.includes('--'))).toBe(true);
    }
  });
});
