// Alembic revision files (.py) through the CLI: revision-graph order, env.py's transaction_per_migration,
// autocommit_block, findings at the call (or inside the literal), a `#` suppression, the coverage line,
// a file that is not Python, graph problems on their down_revision line.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readRunnerSet, rows, runnerFixture } from '../helpers/runner-set.js';

const dir = runnerFixture('alembic-py');
const V = 'shop/versions';

interface JsonEntry {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; message: string; help?: string; fix?: { range: [number, number]; text: string } }>;
  suppressedMessages: Array<{ ruleId: string; line: number }>;
  coverage?: { resolved: number; total: number; unresolved: Array<{ line: number; column: number; reason: string }> };
}

function jsonReport(args: string[]): { code: number; entries: Map<string, JsonEntry>; stderr: string } {
  const run = runCli(['lint', '-f', 'json', ...args], { cwd: dir });
  const entries = new Map((JSON.parse(run.stdout) as JsonEntry[]).map((e) => [path.relative(dir, e.filePath).split(path.sep).join('/'), e]));
  return { code: run.code, entries, stderr: run.stderr };
}

const at = (e: JsonEntry | undefined, rule: string) => (e?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => `${m.line}:${m.column}`);

describe('alembic runner on .py revisions', () => {
  it('orders revisions by the graph (not by file name), wraps each as env.py says, and runs an autocommit_block outside it', async () => {
    const set = await readRunnerSet('alembic-py', ['shop']);
    // e5d0 only merges the two branches (no SQL): a graph node, not a migration; f00d does not parse.
    expect(rows(set, dir)).toEqual([
      ['7c1e_create_orders', 'alembic', 'orm', 'wrapped', 'wrapped', `${V}/7c1e_create_orders.py`, `${V}/7c1e_create_orders.py`],
      ['a3f9_orders_constraints', 'alembic', 'orm', 'wrapped', 'wrapped', `${V}/a3f9_orders_constraints.py`, `${V}/a3f9_orders_constraints.py`],
      ['0b77_notes', 'alembic', 'orm', 'wrapped', 'wrapped', `${V}/0b77_notes.py`, `${V}/0b77_notes.py`],
      ['52bd_customer_index', 'alembic', 'orm', 'none', 'none', `${V}/52bd_customer_index.py`, `${V}/52bd_customer_index.py`],
    ]);
    expect(set.migrations[3]?.up.text).toBe('CREATE INDEX CONCURRENTLY ix_orders_customer_id ON orders (customer_id)\n;\n');
    expect(set.migrations[1]?.up.text).toBe(
      "ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL\n;\nCREATE INDEX orders_status ON orders (status)\n;\nUPDATE orders SET status = 'new' WHERE status IS NULL\n;\n",
    );
    expect(set.problems.map((p) => [path.relative(dir, p.file), p.ruleId, p.span.start])).toEqual([[`${V}/f00d_broken.py`, 'invalid-file', 150]]);
  });

  it('lint: findings at the op.* call or inside the SQL string, an empty downgrade(), CONCURRENTLY inside autocommit_block not flagged, the # suppression, the syntax error', () => {
    const { code, entries, stderr } = jsonReport(['shop']);
    expect(code).toBe(1);
    const constraints = entries.get(`${V}/a3f9_orders_constraints.py`);
    expect(at(constraints, 'adding-not-nullable-field')).toEqual(['14:5']);
    expect(at(constraints, 'require-concurrent-index-creation')).toEqual(['15:5']);
    // Inside the literal of op.execute("…"): its first code unit.
    expect(at(constraints, 'backfill-in-ddl-transaction')).toEqual(['16:17']);
    expect(at(constraints, 'require-down-migration')).toEqual(['14:5']);
    const customerIndex = entries.get(`${V}/52bd_customer_index.py`);
    expect(at(customerIndex, 'require-concurrent-index-creation')).toEqual([]);
    // downgrade(): op.drop_index(…, postgresql_concurrently=False) in the autocommit_block; the help says the fix in Alembic's words.
    expect(customerIndex?.messages.find((m) => m.ruleId === 'require-concurrent-index-deletion')?.help).toBe(
      'Use DROP INDEX CONCURRENTLY. Write it as `op.drop_index(…, postgresql_concurrently=True)` inside `with op.get_context().autocommit_block():` (Alembic commits the revision\'s transaction before that block and runs the block outside any transaction); it then sends: DROP INDEX CONCURRENTLY ix_orders_customer_id',
    );
    const notes = entries.get(`${V}/0b77_notes.py`);
    expect(at(notes, 'require-concurrent-index-creation')).toEqual([]);
    expect(notes?.suppressedMessages.map((m) => `${m.ruleId}:${m.line}`)).toEqual(['require-concurrent-index-creation:16']);
    expect(at(notes, 'naming-convention')).toEqual(['16:5']);
    expect(entries.get(`${V}/f00d_broken.py`)?.messages.map((m) => [m.ruleId, m.line, m.column, m.message])).toEqual([
      ['invalid-file', 12, 13, 'not valid Python: invalid Python syntax at ":"; its operations are not linted'],
    ]);
    expect(notes?.coverage).toEqual({ resolved: 4, total: 5, unresolved: [{ line: 18, column: 9, reason: 'f-string hole with a non-constant value' }] });
    expect(stderr).toBe('');
  });

  it('fix: op.drop_index in an autocommit_block without the keyword gets `, postgresql_concurrently=True` inserted, and --fix writes it', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ml-alembic-fix-'));
    try {
      cpSync(dir, work, { recursive: true });
      const file = path.join(work, V, '52bd_customer_index.py');
      writeFileSync(file, readFileSync(file, 'utf8').replace('op.drop_index("ix_orders_customer_id", postgresql_concurrently=False)', 'op.drop_index(\n            "ix_orders_customer_id",\n        )'));
      const lint = runCli(['lint', '-f', 'json', 'shop'], { cwd: work });
      const entry = (JSON.parse(lint.stdout) as JsonEntry[]).find((e) => e.filePath.endsWith('52bd_customer_index.py'));
      expect(entry?.messages.find((m) => m.ruleId === 'require-concurrent-index-deletion')?.fix?.text).toBe(' postgresql_concurrently=True');
      expect(runCli(['lint', '--fix', 'shop'], { cwd: work }).code).toBe(1);
      expect(readFileSync(file, 'utf8')).toContain('op.drop_index(\n            "ix_orders_customer_id", postgresql_concurrently=True\n        )');
      const after = runCli(['lint', '-f', 'json', 'shop'], { cwd: work });
      expect((JSON.parse(after.stdout) as JsonEntry[]).find((e) => e.filePath.endsWith('52bd_customer_index.py'))?.messages.map((m) => m.ruleId)).not.toContain('require-concurrent-index-deletion');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('stylish: the coverage line of the set on stderr', () => {
    const run = runCli(['lint', 'shop'], { cwd: dir });
    expect(run.stderr).toContain(`migrationlint: ${V}: analysed 11 of 12 SQL operations; 1 dynamic: ${V}/0b77_notes.py:18\n`);
  });

  it('graph problems: two heads and a missing down_revision on their down_revision line; without env.py all pending revisions run in one transaction', async () => {
    const set = await readRunnerSet('alembic-py', ['graph']);
    expect(set.migrations.map((m) => [m.id, m.up.wrap])).toEqual([
      ['1111_base', 'whole-run'],
      ['2222_left', 'whole-run'],
      ['3333_right', 'whole-run'],
      ['4444_orphan', 'whole-run'],
    ]);
    const { entries } = jsonReport(['graph']);
    expect(entries.get('graph/versions/4444_orphan.py')?.messages.filter((m) => m.ruleId === 'invalid-file').map((m) => [m.line, m.message])).toEqual([
      [4, `down_revision "9999" names no revision in this set: Alembic fails with "Can't locate revision identified by '9999'"`],
      [4, '3 heads (2222, 3333, 4444): `alembic upgrade head` refuses to run; join them with `alembic merge heads`'],
    ]);
  });
});
