// A DO block or routine read again where a fix before it moved it: the remembered statements,
// moved, are the ones reading it there gives.
import { beforeAll, describe, expect, it } from 'vitest';
import { nestedStatementsOnce } from '../src/nested-memo.js';
import { nestedStatements, type NestedStatement } from '../src/parse-do.js';
import { loadParser, parseSection } from '../src/parse.js';
import type { Statement } from '../src/types.js';

beforeAll(loadParser);

const BODIES = [
  `DO $$ BEGIN\n  ALTER TABLE orders ADD COLUMN note text;\n  EXECUTE format('CREATE INDEX %I ON orders (note)', 'orders_note_idx');\n  UPDATE "größe" SET n = 1;\nEND $$;`,
  `CREATE FUNCTION fill() RETURNS void LANGUAGE sql AS $$ UPDATE orders SET note = 'ä'; DELETE FROM orders $$;`,
];

/** The section's statement holding `body`, with `before` ahead of it in the file. */
function statementAfter(before: string, body: string): Statement {
  const text = `${before}${body}\n`;
  const statements = parseSection({ file: '/m.sql', text, offset: 0, wrap: 'none' }).statements;
  return statements.at(-1)!;
}

/** What a consumer reads of nested statements: each one's span, text and where its node locations land. */
const seen = (nested: NestedStatement[]) => nested.map((n) => ({ tag: n.tag, text: n.text, span: n.span, at: [0, 1, 7, 20].map((b) => n.toFileOffset(b)) }));

describe('nestedStatementsOnce', () => {
  it('gives what nestedStatements gives, for the same statement moved by an edit before it', () => {
    for (const body of BODIES) {
      const read = nestedStatementsOnce();
      const first = statementAfter('CREATE TABLE t (a varchar(10));\n', body);
      const moved = statementAfter('CREATE TABLE t (a text);\n', body);
      const again = statementAfter('CREATE TABLE "tä" (a bigint, b timestamptz);\n-- x\n', body);
      expect(moved.span.start).not.toBe(first.span.start);
      expect(seen(read(first))).toEqual(seen(nestedStatements(first)));
      expect(seen(read(moved))).toEqual(seen(nestedStatements(moved)));
      expect(seen(read(again))).toEqual(seen(nestedStatements(again)));
      expect(read(first).length).toBeGreaterThan(0);
    }
  });

  it('with a bound, remembers the most recently read texts and forgets the older ones', () => {
    const read = nestedStatementsOnce(2);
    const [a, b, c, d, e, f] = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => statementAfter('', BODIES[0].replace('orders_note_idx', `idx_${name}`)));
    const first = read(a);
    read(b);
    expect(read(a)).toBe(first); // still remembered: the same statements
    for (const later of [c, d, e, f]) read(later);
    const afterForgotten = read(a); // four others since: a was forgotten and is read again
    expect(afterForgotten).not.toBe(first);
    expect(seen(afterForgotten)).toEqual(seen(first));
  });
});
