import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractAlembic } from '../../src/hosts/python/alembic.js';
import { readAlembicEnv } from '../../src/hosts/python/alembic-env.js';
import { orderRevisions, type RevisionNode } from '../../src/hosts/python/revision-graph.js';
import type { HostOperation, HostSection } from '../../src/hosts/types.js';

beforeAll(async () => {
  await loadModule();
});

const HEAD = `import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "bbb"
down_revision = "aaa"
`;

const upgrade = (body: string) => `${HEAD}\n\ndef upgrade():\n${body.replace(/^/gm, '    ')}\n`;
const sqlOf = (section: HostSection | undefined) => (section?.operations ?? []).map((o) => o.sql ?? `unresolved: ${o.unresolved}`);
const up = (body: string) => sqlOf(extractAlembic(upgrade(body)).up);

function expectParses(section: HostSection | undefined): void {
  for (const op of section?.operations ?? []) if (op.sql !== undefined) expect(() => parseSync(op.sql as string), op.sql).not.toThrow();
}

describe('Alembic op.* → the SQL of its PostgreSQL implementation', () => {
  const table: [string, string[]][] = [
    [`op.add_column("t", sa.Column("c", sa.String(), nullable=False))`, ['ALTER TABLE t ADD COLUMN c VARCHAR NOT NULL']],
    [`op.add_column("t", sa.Column("c", sa.String(50), server_default="x", nullable=True))`, [`ALTER TABLE t ADD COLUMN c VARCHAR(50) DEFAULT 'x'`]],
    [`op.add_column("t", sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()")), schema="s")`, ['ALTER TABLE s.t ADD COLUMN at TIMESTAMP WITH TIME ZONE DEFAULT now()']],
    [`op.add_column("t", sa.Column("org_id", sa.Integer(), sa.ForeignKey("org.id", ondelete="CASCADE")))`, ['ALTER TABLE t ADD COLUMN org_id INTEGER', 'ALTER TABLE t ADD FOREIGN KEY(org_id) REFERENCES org (id) ON DELETE CASCADE']],
    [`op.alter_column("t", "c", nullable=False)`, ['ALTER TABLE t ALTER COLUMN c SET NOT NULL']],
    [`op.alter_column("t", "c", nullable=True, existing_type=sa.INTEGER())`, ['ALTER TABLE t ALTER COLUMN c DROP NOT NULL']],
    [`op.alter_column("t", "c", type_=sa.BigInteger(), postgresql_using="c::bigint", server_default=None)`, ['ALTER TABLE t ALTER COLUMN c TYPE BIGINT USING c::bigint', 'ALTER TABLE t ALTER COLUMN c DROP DEFAULT']],
    [`op.alter_column("t", "c", new_column_name="d")`, ['ALTER TABLE t RENAME c TO d']],
    [`op.create_index("ix", "t", ["c"], postgresql_concurrently=True)`, ['CREATE INDEX CONCURRENTLY ix ON t (c)']],
    [`op.create_index(op.f("ix_t_a"), "t", ["a", sa.text("b DESC")], unique=True, postgresql_using="gin", postgresql_where=sa.text("a > 0"))`, ['CREATE UNIQUE INDEX ix_t_a ON t USING gin (a, b DESC) WHERE a > 0']],
    [`op.drop_index("ix", table_name="t", postgresql_concurrently=True, if_exists=True)`, ['DROP INDEX CONCURRENTLY IF EXISTS ix']],
    [`op.create_foreign_key("fk", "a", "b", ["b_id"], ["id"], referent_schema="public", ondelete="SET NULL")`, ['ALTER TABLE a ADD CONSTRAINT fk FOREIGN KEY(b_id) REFERENCES public.b (id) ON DELETE SET NULL']],
    [`op.create_unique_constraint("uq", "t", ["a", "b"])`, ['ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a, b)']],
    [`op.create_check_constraint("ck", "t", "a > 0")`, ['ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0)']],
    [`op.create_primary_key("pk", "t", ["id"])`, ['ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id)']],
    [`op.drop_constraint("fk", "t", type_="foreignkey")`, ['ALTER TABLE t DROP CONSTRAINT fk']],
    [`op.rename_table("a", "b")`, ['ALTER TABLE a RENAME TO b']],
    [`op.drop_table("user")`, ['DROP TABLE "user"']],
    [`op.drop_column("t", "c")`, ['ALTER TABLE t DROP COLUMN c']],
    [
      `op.create_table("item", sa.Column("id", sa.Integer(), nullable=False), sa.Column("tags", postgresql.ARRAY(sa.String()), nullable=True), sa.Column("kind", sa.Enum("a", "b", name="item_kind")), sa.Column("doc", postgresql.JSONB()), sa.PrimaryKeyConstraint("id", name=op.f("pk_item")), sa.UniqueConstraint("doc"))`,
      [`CREATE TYPE item_kind AS ENUM ('a', 'b')`, 'CREATE TABLE item (id SERIAL NOT NULL, tags VARCHAR[], kind item_kind, doc JSONB, CONSTRAINT pk_item PRIMARY KEY (id), UNIQUE (doc))'],
    ],
  ];
  for (const [call, sql] of table) {
    it(call, () => {
      const file = extractAlembic(upgrade(call));
      expect(file.problems).toEqual([]);
      expect(sqlOf(file.up)).toEqual([sql.join(';\n')]);
      expectParses(file.up);
    });
  }

  it('a batch_alter_table block emits the plain ALTERs on its table', () => {
    expect(up(`with op.batch_alter_table("t", schema=None) as batch_op:\n    batch_op.add_column(sa.Column("c", sa.Boolean(), server_default=sa.false(), nullable=False))\n    batch_op.drop_index("ix_t_c")\n    batch_op.create_index(batch_op.f("ix_t_d"), ["d"], unique=False)`)).toEqual([
      'ALTER TABLE t ADD COLUMN c BOOLEAN DEFAULT false NOT NULL',
      'DROP INDEX ix_t_c',
      'CREATE INDEX ix_t_d ON t (d)',
    ]);
  });

  it('a project type is named after its class, so no rule mistakes it for a known type', () => {
    expect(up(`op.add_column("t", sa.Column("c", app.types.JSON(), nullable=True))`)).toEqual(['ALTER TABLE t ADD COLUMN c "app.types.JSON"']);
  });
});

describe('literal SQL keeps its positions', () => {
  it('maps op.execute("…") code units into the literal through escapes', () => {
    const text = upgrade(`op.execute("UPDATE t SET a = 'x\\ty' WHERE id = 1")`);
    const [op] = extractAlembic(text).up?.operations ?? [];
    expect(op?.sql).toBe("UPDATE t SET a = 'x\ty' WHERE id = 1");
    const map = op?.literalMap ?? [];
    expect(map).toHaveLength((op?.sql ?? '').length + 1);
    expect(text.slice(map[0], (map[0] ?? 0) + 6)).toBe('UPDATE');
    const tab = (op?.sql ?? '').indexOf('\t');
    expect(text.slice(map[tab], (map[tab] ?? 0) + 2)).toBe('\\t');
    expect(map[tab + 1]).toBe((map[tab] ?? 0) + 2);
  });

  it("reads '''…''', r'', implicit concatenation, sa.text() and module constants", () => {
    const text = `${HEAD}\nCONCURRENTLY = "CONCURRENTLY"\nSQL = r"CREATE INDEX \\d" '''x'''\n\ndef upgrade():\n    op.execute(sa.text(f"DROP INDEX {CONCURRENTLY} ix"))\n    op.execute(SQL)\n    op.execute("SELECT 1" ";")\n`;
    const ops = extractAlembic(text).up?.operations ?? [];
    expect(ops.map((o) => o.sql)).toEqual(['DROP INDEX CONCURRENTLY ix', 'CREATE INDEX \\dx', 'SELECT 1;']);
    const constant = ops[1] as HostOperation;
    expect(text.slice(constant.literalMap?.[0], (constant.literalMap?.[0] ?? 0) + 6)).toBe('CREATE');
  });

  it('turns text() :binds into $n parameters', () => {
    expect(up(`conn = op.get_bind()\nconn.execute(sa.text("UPDATE t SET a = :a WHERE b = :b AND c = :a").params(a=1, b=2))`)).toEqual(['UPDATE t SET a = $1 WHERE b = $2 AND c = $1']);
  });

  it('counts dynamic strings, loops over data, ORM sessions and unknown operations as unresolved, with reasons', () => {
    const ops = extractAlembic(upgrade(`conn = op.get_bind()\nfor r in conn.execute("select id from t"):\n    conn.execute(f"update t set a = {r[0]}")\nsession = Session(bind=conn)\nop.execute("UPDATE t SET %s" % x)\nop.bulk_insert(tbl, rows)`)).up?.operations ?? [];
    expect(ops.map((o) => o.sql ?? `unresolved: ${o.unresolved}`)).toEqual([
      'select id from t',
      'unresolved: f-string hole with a non-constant value',
      'unresolved: ORM session: its queries depend on the data',
      'unresolved: %-formatted string',
      'unresolved: op.bulk_insert() is not translated',
    ]);
  });

  it('renders SQLAlchemy Core statements with their values as parameters', () => {
    expect(up(`conn = op.get_bind()\nmeta = sa.MetaData()\nT = meta.tables["block"]\nconn.execute(sa.update(T).where(T.c.id == ident).values(name=new_name))\nconn.execute(sa.select(T.c.id).where(T.c.name.is_(None)))`)).toEqual([
      'UPDATE block SET name=$1 WHERE block.id = $2',
      'SELECT block.id FROM block WHERE block.name IS NULL',
    ]);
  });

  it('reads a helper function of the file where it is called', () => {
    const text = `${HEAD}\ndef _index(name):\n    op.create_index(name, "t", ["c"])\n\ndef _drop():\n    op.drop_table("x")\n\ndef upgrade():\n    _drop()\n    _index("ix")\n`;
    expect(sqlOf(extractAlembic(text).up)).toEqual(['DROP TABLE x', 'unresolved: index name: `name` is not a constant']);
  });
});

describe('sections and transactions', () => {
  it('pass is an empty down; no downgrade() is none', () => {
    const withPass = extractAlembic(`${HEAD}\ndef upgrade():\n    op.drop_table("x")\n\ndef downgrade():\n    pass\n`);
    expect(withPass.down?.operations).toEqual([]);
    expect(extractAlembic(`${HEAD}\ndef upgrade():\n    pass\n`).down).toBeUndefined();
  });

  it('an autocommit_block runs outside the transaction: COMMIT before it, BEGIN after it', () => {
    const file = extractAlembic(upgrade(`op.add_column("t", sa.Column("c", sa.Integer()))\nwith op.get_context().autocommit_block():\n    op.create_index("ix", "t", ["c"], postgresql_concurrently=True)\nop.drop_column("t", "d")`));
    expect(file.up?.wrap).toBe('none');
    expect(sqlOf(file.up)).toEqual(['BEGIN', 'ALTER TABLE t ADD COLUMN c INTEGER', 'COMMIT', 'CREATE INDEX CONCURRENTLY ix ON t (c)', 'BEGIN', 'ALTER TABLE t DROP COLUMN d', 'COMMIT']);
    expect(file.up?.operations.filter((o) => o.generated)).toHaveLength(4);
  });

  it('an autocommit_block on a name bound to op.get_context()', () => {
    const file = extractAlembic(upgrade(`ctx = op.get_context()\nwith ctx.autocommit_block():\n    op.execute("DROP INDEX CONCURRENTLY ix")`));
    expect(sqlOf(file.up)).toEqual(['DROP INDEX CONCURRENTLY ix']);
    expect(file.up?.wrap).toBe('none');
  });

  it('reads transaction_per_migration from env.py', () => {
    expect(readAlembicEnv(`from alembic import context\ncontext.configure(connection=c, transaction_per_migration=True)\n`)?.wrap).toBe('wrapped');
    expect(readAlembicEnv(`from alembic import context\ncontext.configure(connection=c)\n`)).toBeUndefined();
    expect(readAlembicEnv(`from alembic import context\ncontext.configure(connection=c, transaction_per_migration=False)\n`)?.wrap).toBe('whole-run');
  });

  it('a file that is not Python is a problem at its position; its revision is still read', () => {
    const text = `${HEAD}\ndef upgrade(:\n    op.drop_table("x")\n`;
    const file = extractAlembic(text);
    expect(file.revision?.id).toBe('bbb');
    expect(file.up).toBeUndefined();
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]?.message).toMatch(/^not valid Python/);
    expect(text.slice(0, file.problems[0]?.span.start).split('\n')).toHaveLength(8);
  });

  it('drop_constraint(None, …) from autogenerate is a problem: the migration fails there', () => {
    const file = extractAlembic(upgrade(`op.drop_constraint(None, "t", type_="foreignkey")`));
    expect(file.up?.operations).toEqual([]);
    expect(file.problems[0]?.message).toMatch(/names no constraint/);
  });
});

describe('revision graph', () => {
  const node = (key: string, id: string, parents: string[], dependsOn: string[] = []): RevisionNode => ({ key, id, parents, dependsOn, span: { start: 0, end: 1 } });

  it('orders from the base through a merge', () => {
    const order = orderRevisions([node('d.py', 'd', ['b', 'c']), node('c.py', 'c', ['a']), node('b.py', 'b', ['a']), node('a.py', 'a', [])]);
    expect(order.problems).toEqual([]);
    expect(order.order).toEqual(['a.py', 'b.py', 'c.py', 'd.py']);
  });

  it('depends_on orders without making a parent', () => {
    const order = orderRevisions([node('a.py', 'a', []), node('b.py', 'b', ['a'], ['c']), node('c.py', 'c', ['a']), node('m.py', 'm', ['b', 'c'])]);
    expect(order.order).toEqual(['a.py', 'c.py', 'b.py', 'm.py']);
  });

  it('reports two heads, a missing parent, a duplicate id and a cycle on the down_revision line', () => {
    expect(orderRevisions([node('a.py', 'a', []), node('b.py', 'b', ['a']), node('c.py', 'c', ['a'])]).problems.map((p) => [p.key, p.message])).toEqual([
      ['c.py', '2 heads (b, c): `alembic upgrade head` refuses to run; join them with `alembic merge heads`'],
    ]);
    expect(orderRevisions([node('a.py', 'a', ['zz'])]).problems[0]?.message).toMatch(/down_revision "zz" names no revision/);
    expect(orderRevisions([node('a.py', 'a', []), node('b.py', 'a', [])]).problems[0]?.message).toMatch(/also the revision of a\.py/);
    const cycle = orderRevisions([node('a.py', 'a', []), node('b.py', 'b', ['c']), node('c.py', 'c', ['b'])]);
    expect(cycle.order).toEqual(['a.py', 'b.py', 'c.py']);
    expect(cycle.problems.map((p) => p.message)).toEqual(['revision "b" is part of a cycle (b → c): Alembic cannot order these revisions']);
  });
});
