// Rule dispatch (src/dispatch.ts) through analyseSection with the real parser: which statement
// hooks and node handlers run, for which statements, in which order.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseSection, type ActiveRule } from '../src/analyse.js';
import { migrationsFromSources } from '../src/discover.js';
import { loadParser, parseSection } from '../src/parse.js';
import { defineRule, type Visitor } from '../src/rule.js';

beforeAll(loadParser);

/** A rule whose visitor is `visitor(calls)`: each visitor records what it was called for. */
function recordingRule(id: string, visitor: (calls: string[]) => Visitor): { rule: ActiveRule; calls: string[] } {
  const calls: string[] = [];
  const rule = defineRule({
    meta: { id, kind: 'rule', description: id, severity: 'warning', recommended: false, fixable: false, docs: { problem: '', solution: '', bad: '', good: '' } },
    create: () => visitor(calls),
  });
  return { rule: { rule, severity: 'warning', options: {} }, calls };
}

function analyse(sql: string, rules: ActiveRule[]): void {
  const [migration] = migrationsFromSources([{ path: '/virtual/001_dispatch.sql', relPath: '001_dispatch.sql', text: sql }], 'migrationlint', false).migrations;
  analyseSection({ migration: migration!, section: 'up', parsed: parseSection(migration!.up), fileText: sql, rules, pgVersion: 18, downRequired: false });
}

const SQL = `CREATE TABLE orders (id bigint);
CREATE INDEX orders_id_idx ON orders (id);
DO $$ BEGIN CREATE INDEX orders_id_2_idx ON orders (id); ALTER TABLE orders ADD COLUMN note text; END $$;
ALTER TABLE orders ADD COLUMN total numeric;
SET lock_timeout = '5s';
`;

describe('statement hooks', () => {
  it('a hook that declares statement kinds is called only for statements of those kinds, DO blocks\' statements included', () => {
    const declared = recordingRule('declared', (calls) => ({
      statementTags: ['IndexStmt', 'VariableSetStmt'],
      statement: (s) => void calls.push(`${s.tag}${s.nested ? ' (in DO)' : ''}`),
    }));
    const every = recordingRule('every', (calls) => ({ statement: (s) => void calls.push(`${s.tag}${s.nested ? ' (in DO)' : ''}`) }));
    analyse(SQL, [declared.rule, every.rule]);
    expect(declared.calls).toEqual(['IndexStmt', 'IndexStmt (in DO)', 'VariableSetStmt']);
    expect(every.calls).toEqual(['CreateStmt', 'IndexStmt', 'DoStmt', 'IndexStmt (in DO)', 'AlterTableStmt (in DO)', 'AlterTableStmt', 'VariableSetStmt']);
  });

  it('runs the hooks of one statement in rule order, declared or not', () => {
    const order: string[] = [];
    const hook = (id: string, visitor: Visitor) => recordingRule(id, () => visitor).rule;
    const rules = [
      hook('first', { statement: (s) => void order.push(`first ${s.tag}`) }),
      hook('second', { statementTags: ['AlterTableStmt'], statement: (s) => void order.push(`second ${s.tag}`) }),
      hook('third', { statement: (s) => void order.push(`third ${s.tag}`) }),
      hook('fourth', { statementTags: ['CreateStmt', 'AlterTableStmt'], statement: (s) => void order.push(`fourth ${s.tag}`) }),
    ];
    analyse('CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN a int;\nCOMMENT ON TABLE t IS $$x$$;\n', rules);
    expect(order).toEqual([
      'first CreateStmt',
      'third CreateStmt',
      'fourth CreateStmt',
      'first AlterTableStmt',
      'second AlterTableStmt',
      'third AlterTableStmt',
      'fourth AlterTableStmt',
      'first CommentStmt',
      'third CommentStmt',
    ]);
  });

  it('a rule with declared statement kinds sees each section afresh: its visitor is created for the first statement it handles', () => {
    let created = 0;
    const counting = defineRule({
      meta: { id: 'counting', kind: 'rule', description: 'counting', severity: 'warning', recommended: false, fixable: false, docs: { problem: '', solution: '', bad: '', good: '' } },
      create: () => {
        created++;
        return { statementTags: ['IndexStmt'], statement: () => undefined };
      },
    });
    const rules: ActiveRule[] = [{ rule: counting, severity: 'warning', options: {} }];
    analyse('CREATE TABLE t (id int);\n', rules);
    // The first section of a run creates every rule once to learn its visitor's shape.
    expect(created).toBe(1);
    analyse('CREATE TABLE u (id int);\n', rules);
    expect(created).toBe(1);
    analyse('CREATE INDEX u_id_idx ON u (id);\nCREATE INDEX u_id_2_idx ON u (id);\n', rules);
    expect(created).toBe(2);
  });
});

describe('end-of-statement hooks', () => {
  it('run after the handlers of each statement (a DO block\'s statements included), with ctx.statement still that statement', () => {
    const order: string[] = [];
    const rule = defineRule({
      meta: { id: 'ending', kind: 'rule', description: 'ending', severity: 'warning', recommended: false, fixable: false, docs: { problem: '', solution: '', bad: '', good: '' } },
      create: (ctx) => ({
        statement: (s) => void order.push(`start ${s.tag}`),
        ColumnDef: (c) => void order.push(`column ${c.colname}`),
        endOfStatement: () => void order.push(`end ${ctx.statement.tag}${ctx.statement.nested ? ' (in DO)' : ''}`),
      }),
    });
    analyse(SQL, [{ rule, severity: 'warning', options: {} }]);
    expect(order).toEqual([
      'start CreateStmt',
      'column id',
      'end CreateStmt',
      'start IndexStmt',
      'end IndexStmt',
      'start DoStmt',
      'end DoStmt',
      'start IndexStmt',
      'end IndexStmt (in DO)',
      'start AlterTableStmt',
      'column note',
      'end AlterTableStmt (in DO)',
      'start AlterTableStmt',
      'column total',
      'end AlterTableStmt',
      'start VariableSetStmt',
      'end VariableSetStmt',
    ]);
  });
});
