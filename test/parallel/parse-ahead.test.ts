// The parse-ahead worker gives each section the parse this thread would make: the same
// statements, nodes and spans, the same syntax errors; a section it cannot take (a lone
// surrogate), one asked for out of order, and a worker that never starts are parsed here.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sectionsInRunOrder, startParseAhead } from '../../src/parallel/parse-ahead.js';
import { loadParser, parseSection } from '../../src/parse.js';
import type { Migration, ParsedSection, SectionSource } from '../../src/types.js';

const builtParseAheadWorker = new URL('../../dist/src/parallel/parse-ahead-worker.js', import.meta.url);

function requireBuiltWorker(): URL {
  if (!existsSync(fileURLToPath(builtParseAheadWorker))) throw new Error(`${fileURLToPath(builtParseAheadWorker)} is missing: run npm run build first`);
  return builtParseAheadWorker;
}

const texts = [
  'CREATE TABLE t (id int PRIMARY KEY, name text);\nCREATE INDEX t_name ON t (name);\n',
  "-- only a comment\n",
  "INSERT INTO t (id, name) VALUES (1, 'héllo wörld 👋');\nALTER TABLE t ADD COLUMN note text;\n",
  'CREATE TABLE broken (id int,;\nCREATE TABLE fine (id int);\n',
  "SELECT '\uD800 lone';\n",
  '/* never closed\nSELECT 1;\n',
  ...Array.from({ length: 120 }, (_, i) => `CREATE TABLE t${i} (id bigint);\nCREATE INDEX CONCURRENTLY t${i}_id ON t${i} (id);\n`),
];
const sections: SectionSource[] = texts.map((text, i) => ({ file: `/m/${String(i).padStart(3, '0')}.sql`, text, offset: 0, wrap: 'wrapped' }));
const migrations = sections.map((up, i): Migration => ({ id: String(i), version: String(i), name: '', layout: 'plain', runner: 'golang-migrate', up }));

/** A ParsedSection as data: its mapping function applied to every byte offset of the text. */
function comparable(parsed: ParsedSection) {
  const bytes = Buffer.byteLength(parsed.source.text);
  return { statements: parsed.statements, syntaxErrors: parsed.syntaxErrors, offsets: Array.from({ length: bytes + 1 }, (_, b) => parsed.byteToFileOffset(b)) };
}

describe('parse ahead', () => {
  beforeAll(async () => {
    await loadParser();
  });

  it('lists the sections as analyseSet parses them: each migration its up, then its down', () => {
    const [a, b] = sections;
    const withDown: Migration = { ...migrations[0]!, down: b! };
    expect(sectionsInRunOrder([withDown, migrations[2]!])).toEqual([a, b, sections[2]]);
  });

  it('gives every section the parse of this thread, in order and out of it', async () => {
    const ahead = startParseAhead(sections, requireBuiltWorker());
    try {
      expect(await ahead.ready()).toBe(true);
      const order = [...sections.keys()];
      // Skipped sections (a down not reported) and one asked for again are parsed here.
      order.splice(40, 3);
      order.push(10);
      for (const i of order) expect(comparable(ahead.parse(sections[i]!))).toEqual(comparable(parseSection(sections[i]!)));
      const other: SectionSource = { file: '/elsewhere.sql', text: 'DROP TABLE t;', offset: 7, wrap: 'none' };
      expect(comparable(ahead.parse(other))).toEqual(comparable(parseSection(other)));
      // The worker had a head start: all but the lone surrogate, the one asked for again and the
      // one from elsewhere came from it.
      expect(ahead.parsed).toEqual({ byWorker: order.length - 2, here: 3 });
    } finally {
      await ahead.stop();
    }
  });

  it('parses here when the worker cannot start', async () => {
    const ahead = startParseAhead(sections, new URL('./no-such-worker.js', builtParseAheadWorker));
    try {
      expect(await ahead.ready()).toBe(false);
      for (const section of sections.slice(0, 8)) expect(comparable(ahead.parse(section))).toEqual(comparable(parseSection(section)));
      expect(ahead.parsed).toEqual({ byWorker: 0, here: 8 });
    } finally {
      await ahead.stop();
    }
  });
});
