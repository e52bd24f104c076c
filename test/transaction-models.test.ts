// Every rule that reasons about transactions, under every transaction model, through the CLI on
// a set in a real runner's layout: wrapped (goose), none (goose NO TRANSACTION), auto
// (migrationlint's engine), implicit (golang-migrate), whole run (Drizzle Kit). A finding must
// name how the runner runs the migration and how to run one without its transaction.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WrapMode } from '../src/types.js';
import { lintFindings } from './helpers/runner-set.js';
import { MODEL_LAYOUTS, writeModelSets, type ModelLayout } from './helpers/tx-model-sets.js';

/** What each layout's findings must say: the runner's behaviour, and its opt-out (or that it has none). */
const SAYS: Record<WrapMode, { behaviour: string; optOut: string }> = {
  wrapped: { behaviour: 'goose runs each migration in a transaction', optOut: '`-- +goose NO TRANSACTION`' },
  none: { behaviour: "goose runs this migration's statements one by one, without a transaction", optOut: '`-- +goose NO TRANSACTION`' },
  auto: { behaviour: "migrationlint's apply engine runs each migration in a transaction", optOut: 'unless a statement cannot run in one' },
  implicit: { behaviour: 'golang-migrate sends the file as one multi-statement query', optOut: 'a migration file holding that one statement alone' },
  'whole-run': { behaviour: 'Drizzle Kit runs all pending migrations in one transaction', optOut: 'has no setting to run a migration without' },
};

interface Case {
  rule: string;
  name: string;
  /** The migrations, oldest first; findings are expected in the last one. */
  migrations: string[];
  /** The models under which the rule fires. */
  fires: WrapMode[];
}

const INDEX_AFTER_ALTER = 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);';

const CASES: Case[] = [
  { rule: 'ban-concurrent-index-creation-in-transaction', name: 'after another statement', migrations: [INDEX_AFTER_ALTER], fires: ['wrapped', 'implicit', 'whole-run'] },
  { rule: 'ban-concurrent-index-creation-in-transaction', name: 'alone', migrations: ['CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);'], fires: ['wrapped', 'whole-run'] },
  { rule: 'mixed-transactional-statements', name: 'with another statement', migrations: [INDEX_AFTER_ALTER], fires: ['none', 'auto'] },
  {
    rule: 'long-lock-hold',
    name: 'index build after ACCESS EXCLUSIVE',
    migrations: ['ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX invoices_note_idx ON invoices (note);'],
    fires: ['wrapped', 'auto', 'implicit', 'whole-run'],
  },
  {
    rule: 'enum-value-used-in-same-transaction',
    name: 'in one migration',
    migrations: ["ALTER TYPE order_status ADD VALUE 'archived';\nUPDATE orders SET status = 'archived' WHERE id = 1;"],
    fires: ['wrapped', 'auto', 'implicit', 'whole-run'],
  },
  {
    rule: 'enum-value-used-in-same-transaction',
    name: 'added in one migration, used in the next',
    migrations: ["ALTER TYPE order_status ADD VALUE 'archived';", "UPDATE orders SET status = 'archived' WHERE id = 1;"],
    fires: ['whole-run'],
  },
  { rule: 'transaction-nesting', name: 'BEGIN … COMMIT in the file', migrations: ['BEGIN;\nCREATE TABLE notes (id bigint);\nCOMMIT;'], fires: ['wrapped', 'whole-run'] },
  {
    rule: 'backfill-in-ddl-transaction',
    name: 'UPDATE after ADD COLUMN',
    migrations: ["ALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = 'x';"],
    fires: ['wrapped', 'auto', 'implicit', 'whole-run'],
  },
];

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The case's set directory: the rule and the case name, as a path segment. */
const setName = (c: Case) => `${c.rule}--${c.name}`.replace(/[^a-z0-9]+/gi, '-');

/** One CLI run lints every case of a model: each case is a set (a directory) of its own. */
function lintModel(layout: ModelLayout, cases: readonly Case[]) {
  const { dir, files } = writeModelSets(layout, new Map(cases.map((c) => [setName(c), c.migrations])));
  dirs.push(dir);
  return { ...lintFindings(dir), files };
}

describe.each(MODEL_LAYOUTS)('$model ($label)', (layout) => {
  let run: ReturnType<typeof lintModel>;
  beforeAll(() => {
    run = lintModel(layout, CASES);
  });

  it('lints every set without a problem', () => {
    expect(run.stderr).toBe('');
    expect(run.findings.filter((f) => f.rule === 'syntax-error' || f.rule === 'invalid-file')).toEqual([]);
  });

  it.each(CASES)('$rule: $name', (c) => {
    const files = run.files.get(setName(c))!;
    const found = run.findings.filter((f) => f.rule === c.rule && files.includes(f.file));
    if (!c.fires.includes(layout.model)) {
      expect(found).toEqual([]);
      return;
    }
    expect([...new Set(found.map((f) => f.file))]).toEqual([files[files.length - 1]]);
    const text = `${found[0].message} ${found[0].help ?? ''}`;
    expect(text).toContain(SAYS[layout.model].behaviour);
    expect(text).toContain(SAYS[layout.model].optOut);
  });
});

describe('whole run (Drizzle Kit): cross-migration effects', () => {
  const drizzle = MODEL_LAYOUTS.find((l) => l.model === 'whole-run')!;
  const LOCK: Case = { rule: 'long-lock-hold', name: 'lock', migrations: ['ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX invoices_note_idx ON invoices (note);', 'CREATE TABLE notes (id bigint);'], fires: [] };
  const COMMITTED: Case = { rule: 'enum', name: 'committed', migrations: ["ALTER TYPE order_status ADD VALUE 'archived';\nCOMMIT;", "UPDATE orders SET status = 'archived' WHERE id = 1;"], fires: [] };
  let run: ReturnType<typeof lintModel>;
  beforeAll(() => {
    run = lintModel(drizzle, [LOCK, COMMITTED]);
  });
  const inSet = (c: Case, rule: string) => run.findings.filter((f) => f.rule === rule && run.files.get(setName(c))!.includes(f.file));

  it('the lock an earlier migration takes is released only when the run commits, after the newest migration', () => {
    const [first] = inSet(LOCK, 'long-lock-hold');
    expect(first.file).toBe(run.files.get(setName(LOCK))![0]);
    expect(first.message).toContain('until the whole run commits after the last pending migration — 0001_m2.sql when all are pending');
  });

  it('a COMMIT in a file ends the run: an enum value added before it is usable in the next migration', () => {
    expect(inSet(COMMITTED, 'enum-value-used-in-same-transaction')).toEqual([]);
    // …but the COMMIT itself ends Drizzle's transaction for everything after it, and says so.
    const [nesting] = inSet(COMMITTED, 'transaction-nesting');
    expect(nesting.message).toContain('every later pending migration, run outside a transaction');
    expect(nesting.help).toContain('is no opt-out');
  });
});
