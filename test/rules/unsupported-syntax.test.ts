import { describe, expect, it } from 'vitest';
import rule from '../../rules/unsupported-syntax.js';
import { FEATURE_KEYS } from '../../src/facts/versions/syntax.js';
import type { RuleContext } from '../../src/rule.js';
import { ruleTester } from '../helpers/rule-tester.js';

const needs = (feature: string, since: number, pgVersion: number) => `${feature} needs PostgreSQL ${since}; pgVersion is ${pgVersion}`;

ruleTester('unsupported-syntax', {
  valid: [
    { name: 'MERGE … RETURNING on 17', pgVersion: 17, sql: 'MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE RETURNING t.a;' },
    { name: 'MERGE on 15', pgVersion: 15, sql: 'MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE;' },
    { name: 'NOT NULL constraint on 18', pgVersion: 18, sql: 'ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID;' },
    { name: 'column NOT NULL is old syntax', pgVersion: 12, sql: 'CREATE TABLE t (a int NOT NULL CHECK (a > 0) REFERENCES u);' },
    { name: 'stored generated column on 12', pgVersion: 12, sql: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2) STORED;' },
    { name: 'REINDEX CONCURRENTLY on 12', pgVersion: 12, sql: 'REINDEX TABLE CONCURRENTLY t;' },
    { name: 'lock_timeout is old', pgVersion: 9, sql: "SET lock_timeout = '5s';" },
    { name: 'a table aliased old in RETURNING is not 18 syntax without a dotted reference', pgVersion: 14, sql: 'UPDATE t SET a = 1 RETURNING a;' },
    { name: 'uuid_generate_v4 is an extension function', pgVersion: 14, sql: 'ALTER TABLE t ADD COLUMN id uuid DEFAULT uuid_generate_v4();' },
    { name: 'DETACH CONCURRENTLY on 14', pgVersion: 14, sql: 'ALTER TABLE t DETACH PARTITION p CONCURRENTLY;' },
  ],
  invalid: [
    {
      name: 'ADD CONSTRAINT … NOT NULL before 18',
      pgVersion: 15,
      sql: 'ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID;',
      errors: [{ line: 1, column: 19, message: needs('a NOT NULL table constraint (ADD CONSTRAINT … NOT NULL column)', 18, 15) }],
    },
    {
      name: 'virtual generated column (no STORED) before 18',
      pgVersion: 17,
      sql: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2);',
      errors: [{ line: 1, column: 32, message: needs('virtual generated columns (GENERATED ALWAYS AS (…) without STORED)', 18, 17) }],
    },
    {
      name: 'NOT ENFORCED before 18',
      pgVersion: 17,
      sql: 'ALTER TABLE t ADD CONSTRAINT t_a_pos CHECK (a > 0) NOT ENFORCED;',
      errors: [{ line: 1, column: 19, message: needs('NOT ENFORCED constraints', 18, 17) }],
    },
    {
      name: 'MERGE … RETURNING and WHEN NOT MATCHED BY SOURCE on 16, MERGE itself on 14',
      pgVersion: 14,
      sql: 'MERGE INTO t USING s ON t.a = s.a WHEN NOT MATCHED BY SOURCE THEN DELETE RETURNING merge_action();',
      errors: [
        { line: 1, column: 1, message: needs('MERGE', 15, 14) },
        { line: 1, column: 1, message: needs('MERGE … RETURNING', 17, 14) },
        { line: 1, column: 1, message: needs('MERGE … WHEN NOT MATCHED BY SOURCE', 17, 14) },
        { line: 1, column: 84, message: needs('merge_action()', 17, 14) },
      ],
    },
    { name: 'SET EXPRESSION before 17', pgVersion: 16, sql: 'ALTER TABLE t ALTER COLUMN b SET EXPRESSION AS (a * 3);', errors: [{ line: 1, column: 1, message: needs('ALTER COLUMN … SET EXPRESSION', 17, 16) }] },
    { name: 'transaction_timeout before 17', pgVersion: 16, sql: "SET transaction_timeout = '10s';", errors: [{ line: 1, column: 1, message: needs('the transaction_timeout parameter', 17, 16) }] },
    {
      name: 'transaction_timeout through set_config',
      pgVersion: 16,
      sql: "SELECT set_config('transaction_timeout', '10s', true);",
      errors: [{ line: 1, column: 8, message: needs('the transaction_timeout parameter', 17, 16) }],
    },
    { name: 'uuidv7() before 18', pgVersion: 17, sql: 'ALTER TABLE t ADD COLUMN id uuid DEFAULT uuidv7();', errors: [{ line: 1, column: 42, message: needs('uuidv7()', 18, 17) }] },
    { name: 'NULLS NOT DISTINCT index before 15', pgVersion: 14, sql: 'CREATE UNIQUE INDEX t_a ON t (a) NULLS NOT DISTINCT;', errors: [{ line: 1, column: 1, message: needs('NULLS NOT DISTINCT', 15, 14) }] },
    { name: 'UNIQUE NULLS NOT DISTINCT constraint before 15', pgVersion: 14, sql: 'ALTER TABLE t ADD CONSTRAINT t_a UNIQUE NULLS NOT DISTINCT (a);', errors: [{ line: 1, column: 19, message: needs('UNIQUE NULLS NOT DISTINCT', 15, 14) }] },
    { name: 'DETACH CONCURRENTLY before 14', pgVersion: 13, sql: 'ALTER TABLE t DETACH PARTITION p CONCURRENTLY;', errors: [{ line: 1, column: 1, message: needs('DETACH PARTITION … CONCURRENTLY', 14, 13) }] },
    { name: 'COMPRESSION before 14', pgVersion: 13, sql: 'CREATE TABLE t (doc text COMPRESSION pglz);', errors: [{ line: 1, column: 17, message: needs('column COMPRESSION', 14, 13) }] },
    { name: 'REINDEX CONCURRENTLY before 12', pgVersion: 11, sql: 'REINDEX INDEX CONCURRENTLY t_a;', errors: [{ line: 1, column: 1, message: needs('REINDEX … CONCURRENTLY', 12, 11) }] },
    { name: 'generated column before 12', pgVersion: 11, sql: 'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);', errors: [{ line: 1, column: 30, message: needs('generated columns (GENERATED ALWAYS AS (…) STORED)', 12, 11) }] },
    {
      name: 'temporal primary and foreign keys before 18',
      pgVersion: 17,
      sql: 'CREATE TABLE t (id int, valid tstzrange, PRIMARY KEY (id, valid WITHOUT OVERLAPS), FOREIGN KEY (id, PERIOD valid) REFERENCES u (id, PERIOD valid));',
      errors: [
        { line: 1, column: 42, message: needs('temporal constraints (WITHOUT OVERLAPS)', 18, 17) },
        { line: 1, column: 84, message: needs('temporal foreign keys (PERIOD)', 18, 17) },
      ],
    },
    { name: 'OLD/NEW in RETURNING before 18', pgVersion: 17, sql: 'UPDATE t SET a = a + 1 RETURNING old.a, new.a;', errors: [{ line: 1, column: 1, message: needs('OLD / NEW in RETURNING', 18, 17) }] },
    { name: 'RETURNING WITH (OLD AS o) before 18', pgVersion: 17, sql: 'DELETE FROM t RETURNING WITH (OLD AS o) o.a;', errors: [{ line: 1, column: 1, message: needs('OLD / NEW in RETURNING', 18, 17) }] },
    { name: 'CREATE OR REPLACE TRIGGER before 14', pgVersion: 13, sql: 'CREATE OR REPLACE TRIGGER t_x AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();', errors: [{ line: 1, column: 1, message: needs('CREATE OR REPLACE TRIGGER', 14, 13) }] },
    {
      name: 'features on one statement, nested in subqueries and CTEs, in the order they are written',
      pgVersion: 16,
      sql: 'INSERT INTO t WITH m AS (MERGE INTO a USING b ON a.x = b.x WHEN NOT MATCHED BY SOURCE THEN DELETE RETURNING a.x) SELECT uuidv7() FROM m RETURNING old.x;',
      errors: [
        { line: 1, column: 1, message: needs('MERGE … RETURNING', 17, 16) },
        { line: 1, column: 1, message: needs('MERGE … WHEN NOT MATCHED BY SOURCE', 17, 16) },
        { line: 1, column: 1, message: needs('OLD / NEW in RETURNING', 18, 16) },
        { line: 1, column: 121, message: needs('uuidv7()', 18, 16) },
      ],
    },
    { name: 'inside a DO block', pgVersion: 16, sql: "DO $$\nBEGIN\n  EXECUTE 'x';\n  MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE RETURNING t.a;\nEND\n$$;", errors: [{ line: 4, column: 3, message: needs('MERGE … RETURNING', 17, 16) }] },
  ],
});

describe('unsupported-syntax visitor', () => {
  it('has a handler for every node kind a feature detector reads (returningClause through the statements that carry it)', () => {
    const visitor = rule.create({ pgVersion: 16 } as RuleContext);
    const handled = Object.keys(visitor).filter((key) => /^[A-Z]/.test(key));
    expect(handled).toEqual(expect.arrayContaining(FEATURE_KEYS.filter((key) => key !== 'returningClause')));
    expect(handled).toEqual(expect.arrayContaining(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']));
  });
});
