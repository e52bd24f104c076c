// ALTER TABLE / INDEX / MATERIALIZED VIEW …: the lock each subcommand takes (PostgreSQL's
// AlterTableGetLockLevel: ACCESS EXCLUSIVE unless noted) and what it costs, per relation.
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, Node, RangeVar } from '@pgsql/types';
import { relationOf, type LockCollector, type LockedRelation, type LockSpec, type Rewrite } from './fact.js';
import type { LockMode } from './modes.js';
import { volatility } from './volatility.js';

const AE: LockMode = 'ACCESS EXCLUSIVE';
const SUE: LockMode = 'SHARE UPDATE EXCLUSIVE';
const SRE: LockMode = 'SHARE ROW EXCLUSIVE';

/** Storage parameters PostgreSQL changes under SHARE UPDATE EXCLUSIVE (reloptions.c); the rest take ACCESS EXCLUSIVE. */
const SUE_RELOPTIONS = /^(fillfactor|toast_tuple_target|parallel_workers|vacuum_index_cleanup|vacuum_truncate|vacuum_max_eager_freeze_failure_rate|log_autovacuum_min_duration|autovacuum_.*)$/;

const TRIGGER_TOGGLES = new Set([
  'AT_EnableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_DisableTrig',
  'AT_EnableTrigAll',
  'AT_DisableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrigUser',
]);

const SERIAL_TYPES = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

type Add = (relation: LockedRelation | undefined, spec: LockSpec) => void;

export function alterTableLocks(stmt: AlterTableStmt, pgVersion: number, out: LockCollector): void {
  const kind = stmt.objtype === 'OBJECT_INDEX' ? 'index' : 'relation';
  const target = relationOf(stmt.relation, kind);
  const add: Add = (relation, spec) => out.add(relation, spec);
  for (const raw of stmt.cmds ?? []) {
    if (!('AlterTableCmd' in raw)) continue;
    subcommand(raw.AlterTableCmd, target, stmt.relation, pgVersion, add);
  }
}

function subcommand(cmd: AlterTableCmd, target: LockedRelation | undefined, rv: RangeVar | undefined, pgVersion: number, add: Add): void {
  const on = (spec: LockSpec) => add(target, spec);
  const def = cmd.def;
  switch (cmd.subtype) {
    case 'AT_AddColumn':
    case 'AT_AddColumnToView':
      if (def && 'ColumnDef' in def) addColumn(def.ColumnDef, target, pgVersion, add);
      return;
    case 'AT_DropColumn':
      return on({ mode: AE, operation: 'DROP COLUMN' });
    case 'AT_AlterColumnType':
      return on({ mode: AE, rewrite: 'unless-binary-coercible', operation: 'ALTER COLUMN TYPE' });
    case 'AT_ColumnDefault':
      return on({ mode: AE, operation: def ? 'SET DEFAULT' : 'DROP DEFAULT' });
    case 'AT_SetNotNull':
      return on({ mode: AE, scan: true, operation: 'SET NOT NULL' });
    case 'AT_DropNotNull':
      return on({ mode: AE, operation: 'DROP NOT NULL' });
    case 'AT_SetExpression':
      return on({ mode: AE, rewrite: true, operation: 'SET EXPRESSION' });
    case 'AT_SetStatistics':
      return on({ mode: SUE, operation: 'SET STATISTICS' });
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
      return on({ mode: SUE, operation: 'ALTER COLUMN SET (attribute option)' });
    case 'AT_AddConstraint':
      if (def && 'Constraint' in def) addConstraint(def.Constraint, target, add);
      return;
    case 'AT_AddIndexConstraint':
      return on({ mode: AE, operation: 'ADD CONSTRAINT USING INDEX' });
    case 'AT_ValidateConstraint':
      return on({ mode: SUE, scan: true, operation: 'VALIDATE CONSTRAINT' });
    case 'AT_DropConstraint':
      return on({ mode: AE, operation: 'DROP CONSTRAINT' });
    case 'AT_AttachPartition':
    case 'AT_DetachPartition':
    case 'AT_DetachPartitionFinalize':
      return partition(cmd, target, pgVersion, add);
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
      return on({ mode: AE, rewrite: 'unless-unchanged', operation: cmd.subtype === 'AT_SetLogged' ? 'SET LOGGED' : 'SET UNLOGGED' });
    case 'AT_SetAccessMethod':
      return on({ mode: AE, rewrite: 'unless-unchanged', operation: 'SET ACCESS METHOD' });
    case 'AT_SetTableSpace':
      return on({ mode: AE, rewrite: 'unless-unchanged', operation: 'SET TABLESPACE' });
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions':
    case 'AT_ReplaceRelOptions':
      return on({ mode: relOptionsLock(def), operation: cmd.subtype === 'AT_ResetRelOptions' ? 'RESET (storage parameters)' : 'SET (storage parameters)' });
    case 'AT_ClusterOn':
      add(cmd.name ? { ...schemaOf(rv), relname: cmd.name, kind: 'index' } : undefined, { mode: SUE, operation: 'CLUSTER ON' });
      return on({ mode: SUE, operation: 'CLUSTER ON' });
    case 'AT_DropCluster':
      return on({ mode: SUE, operation: 'SET WITHOUT CLUSTER' });
    case 'AT_AddInherit':
    case 'AT_DropInherit': {
      const parent = def && 'RangeVar' in def ? relationOf(def.RangeVar) : undefined;
      const adding = cmd.subtype === 'AT_AddInherit';
      add(parent, { mode: adding ? SUE : 'ACCESS SHARE', operation: adding ? 'INHERIT (parent)' : 'NO INHERIT (parent)' });
      return on({ mode: AE, operation: adding ? 'INHERIT' : 'NO INHERIT' });
    }
    case 'AT_ChangeOwner':
      return on({ mode: AE, operation: 'OWNER TO' });
    default:
      if (cmd.subtype && TRIGGER_TOGGLES.has(cmd.subtype)) return on({ mode: SRE, operation: 'ENABLE/DISABLE TRIGGER' });
      return on({ mode: AE, operation: operationName(cmd.subtype) });
  }
}

function addColumn(col: ColumnDef, target: LockedRelation | undefined, pgVersion: number, add: Add): void {
  let rewrite: Rewrite = false;
  let scan = false;
  let hasDefault = false;
  let notNull = false;
  const typeName = (col.typeName?.names ?? []).flatMap((n) => ('String' in n && n.String.sval ? [n.String.sval] : [])).pop();
  if (typeName && SERIAL_TYPES.has(typeName.toLowerCase())) rewrite = true;
  for (const raw of col.constraints ?? []) {
    if (!('Constraint' in raw)) continue;
    const c = raw.Constraint;
    switch (c.contype) {
      case 'CONSTR_DEFAULT': {
        hasDefault = true;
        const v = volatility(c.raw_expr);
        if (pgVersion < 11 || v === 'volatile') rewrite = true;
        else if (v === 'unknown' && rewrite === false) rewrite = 'if-volatile-default';
        break;
      }
      case 'CONSTR_IDENTITY':
        rewrite = true;
        break;
      case 'CONSTR_GENERATED':
        if (c.generated_kind !== 'v') rewrite = true;
        break;
      case 'CONSTR_NOTNULL':
        notNull = true;
        break;
      case 'CONSTR_CHECK':
      case 'CONSTR_UNIQUE':
      case 'CONSTR_PRIMARY':
      case 'CONSTR_EXCLUSION':
        scan = true;
        break;
      case 'CONSTR_FOREIGN':
        scan = true;
        add(relationOf(c.pktable), { mode: SRE, operation: 'FOREIGN KEY (referenced table)' });
        break;
      default:
        break;
    }
  }
  // NOT NULL without a default is checked against every existing row.
  if (notNull && !hasDefault && rewrite === false) scan = true;
  add(target, { mode: AE, rewrite, scan, operation: 'ADD COLUMN' });
}

function addConstraint(c: Constraint, target: LockedRelation | undefined, add: Add): void {
  const validates = c.skip_validation !== true;
  switch (c.contype) {
    case 'CONSTR_FOREIGN':
      add(target, { mode: SRE, scan: validates, operation: 'ADD FOREIGN KEY' });
      add(relationOf(c.pktable), { mode: SRE, scan: validates, operation: 'FOREIGN KEY (referenced table)' });
      return;
    case 'CONSTR_UNIQUE':
    case 'CONSTR_PRIMARY':
      if (c.indexname) {
        add(target, { mode: AE, scan: c.contype === 'CONSTR_PRIMARY', operation: 'ADD CONSTRAINT USING INDEX' });
        return;
      }
      add(target, { mode: AE, scan: true, operation: c.contype === 'CONSTR_PRIMARY' ? 'ADD PRIMARY KEY' : 'ADD UNIQUE' });
      return;
    case 'CONSTR_EXCLUSION':
      add(target, { mode: AE, scan: true, operation: 'ADD EXCLUDE' });
      return;
    case 'CONSTR_CHECK':
      add(target, { mode: AE, scan: validates, operation: 'ADD CHECK' });
      return;
    case 'CONSTR_NOTNULL':
      add(target, { mode: AE, scan: validates, operation: 'ADD NOT NULL' });
      return;
    default:
      add(target, { mode: AE, operation: 'ADD CONSTRAINT' });
  }
}

function partition(cmd: AlterTableCmd, parent: LockedRelation | undefined, pgVersion: number, add: Add): void {
  const def = cmd.def && 'PartitionCmd' in cmd.def ? cmd.def.PartitionCmd : undefined;
  const child = relationOf(def?.name);
  if (cmd.subtype === 'AT_AttachPartition') {
    // pg ≥ 12 attaches under SHARE UPDATE EXCLUSIVE on the parent; the partition is checked against its bound.
    add(parent, { mode: pgVersion >= 12 ? SUE : AE, operation: 'ATTACH PARTITION' });
    add(child, { mode: AE, scan: true, operation: 'ATTACH PARTITION (partition)' });
    return;
  }
  const concurrent = def?.concurrent === true || cmd.subtype === 'AT_DetachPartitionFinalize';
  const operation = cmd.subtype === 'AT_DetachPartitionFinalize' ? 'DETACH PARTITION FINALIZE' : concurrent ? 'DETACH PARTITION CONCURRENTLY' : 'DETACH PARTITION';
  add(parent, { mode: concurrent ? SUE : AE, operation });
  // Even CONCURRENTLY takes ACCESS EXCLUSIVE on the partition being detached.
  add(child, { mode: AE, operation: `${operation} (partition)` });
}

function relOptionsLock(def: Node | undefined): LockMode {
  const items = def && 'List' in def ? (def.List.items ?? []) : [];
  const allLight = items.every((i) => 'DefElem' in i && !!i.DefElem.defname && (SUE_RELOPTIONS.test(i.DefElem.defname) || i.DefElem.defnamespace === 'toast'));
  return items.length > 0 && allLight ? SUE : AE;
}

function schemaOf(rv: RangeVar | undefined): { schemaname?: string } {
  return rv?.schemaname ? { schemaname: rv.schemaname } : {};
}

/** 'AT_EnableRowSecurity' → 'ENABLE ROW SECURITY'. */
function operationName(subtype: string | undefined): string {
  if (!subtype) return 'ALTER TABLE';
  return subtype
    .replace(/^AT_/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}
