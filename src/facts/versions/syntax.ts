// Which PostgreSQL major a statement's syntax needs: the features of 12–18 that older servers
// reject (a syntax error, an unknown function or parameter). Data per node tag, read by the
// unsupported-syntax rule; each entry is proven on the server of each major in
// test/versions.pg.test.ts.
import type { Constraint, Node } from '@pgsql/types';

export interface VersionedFeature {
  /** What the statement uses, in PostgreSQL's words: "MERGE … RETURNING". */
  feature: string;
  /** The first major that accepts it. */
  since: number;
  /** Node location (UTF-8 byte offset in the statement), when the parser records one. */
  location?: number;
}

type Detect = (node: never) => VersionedFeature[];

const at = (feature: string, since: number, location?: number): VersionedFeature => ({ feature, since, ...(location !== undefined ? { location } : {}) });
const hasDefElem = (params: Node[] | undefined, name: string) => (params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === name);
/** The last String of a qualified name, lowercased. */
function lastName(names: Node[] | undefined): string | undefined {
  for (let i = (names?.length ?? 0) - 1; i >= 0; i--) {
    const n = names![i]!;
    if ('String' in n) return (n.String.sval ?? '').toLowerCase();
  }
  return undefined;
}

/** GUCs a SET names that older servers do not know (42704 unrecognized configuration parameter). */
const PARAMETERS: Record<string, number> = { transaction_timeout: 17 };
/** Built-in functions older servers do not have (42883). */
const FUNCTIONS: Record<string, number> = { uuidv7: 18, uuidv4: 18 };

function constraint(c: Constraint): VersionedFeature[] {
  const out: VersionedFeature[] = [];
  if (c.contype === 'CONSTR_NOTNULL' && c.keys?.length) out.push(at('a NOT NULL table constraint (ADD CONSTRAINT … NOT NULL column)', 18, c.location));
  if ((c.contype === 'CONSTR_CHECK' || c.contype === 'CONSTR_FOREIGN') && c.is_enforced !== true) out.push(at('NOT ENFORCED constraints', 18, c.location));
  if (c.contype === 'CONSTR_GENERATED' && c.generated_kind === 'v') out.push(at('virtual generated columns (GENERATED ALWAYS AS (…) without STORED)', 18, c.location));
  if (c.contype === 'CONSTR_GENERATED' && c.generated_kind === 's') out.push(at('generated columns (GENERATED ALWAYS AS (…) STORED)', 12, c.location));
  if (c.without_overlaps) out.push(at('temporal constraints (WITHOUT OVERLAPS)', 18, c.location));
  if (c.fk_with_period || c.pk_with_period) out.push(at('temporal foreign keys (PERIOD)', 18, c.location));
  if (c.nulls_not_distinct) out.push(at('UNIQUE NULLS NOT DISTINCT', 15, c.location));
  return out;
}

const DETECTORS: { [tag: string]: Detect } = {
  Constraint: constraint,
  MergeStmt: (m: { returningClause?: unknown }) => [at('MERGE', 15), ...(m.returningClause ? [at('MERGE … RETURNING', 17)] : [])],
  MergeWhenClause: (w: { matchKind?: string }) => (w.matchKind === 'MERGE_WHEN_NOT_MATCHED_BY_SOURCE' ? [at('MERGE … WHEN NOT MATCHED BY SOURCE', 17)] : []),
  MergeSupportFunc: (f: { location?: number }) => [at('merge_action()', 17, f.location)],
  // A field, not a node wrapper: UPDATE/DELETE/INSERT/MERGE … RETURNING.
  returningClause: (r: { options?: Node[]; exprs?: Node[] }) => (r.options?.length || (r.exprs ?? []).some(refersToOldOrNew) ? [at('OLD / NEW in RETURNING', 18)] : []),
  AlterTableCmd: (cmd: { subtype?: string; name?: string }) => {
    switch (cmd.subtype) {
      case 'AT_SetExpression':
        return [at('ALTER COLUMN … SET EXPRESSION', 17)];
      case 'AT_SetCompression':
        return [at('ALTER COLUMN … SET COMPRESSION', 14)];
      case 'AT_DetachPartitionFinalize':
        return [at('DETACH PARTITION … FINALIZE', 14)];
      case 'AT_DropExpression':
        return [at('ALTER COLUMN … DROP EXPRESSION', 13)];
      case 'AT_SetAccessMethod':
        return [cmd.name ? at('ALTER TABLE … SET ACCESS METHOD', 15) : at('SET ACCESS METHOD DEFAULT', 17)];
      default:
        return [];
    }
  },
  PartitionCmd: (p: { concurrent?: boolean }) => (p.concurrent ? [at('DETACH PARTITION … CONCURRENTLY', 14)] : []),
  ColumnDef: (c: { compression?: string; location?: number }) => (c.compression ? [at('column COMPRESSION', 14, c.location)] : []),
  IndexStmt: (i: { nulls_not_distinct?: boolean }) => (i.nulls_not_distinct ? [at('NULLS NOT DISTINCT', 15)] : []),
  ReindexStmt: (r: { params?: Node[] }) => (hasDefElem(r.params, 'concurrently') ? [at('REINDEX … CONCURRENTLY', 12)] : []),
  CreateTrigStmt: (t: { replace?: boolean }) => (t.replace ? [at('CREATE OR REPLACE TRIGGER', 14)] : []),
  // Its location is the value's: report at the statement.
  VariableSetStmt: (v: { name?: string }) => {
    const name = (v.name ?? '').toLowerCase();
    const since = PARAMETERS[name];
    return since ? [at(`the ${name} parameter`, since)] : [];
  },
  FuncCall: (f: { funcname?: Node[]; args?: Node[]; location?: number }) => {
    const name = lastName(f.funcname);
    if (name === 'set_config' || name === 'current_setting') {
      const first = f.args?.[0];
      const setting = first && 'A_Const' in first ? first.A_Const.sval?.sval?.toLowerCase() : undefined;
      const since = setting ? PARAMETERS[setting] : undefined;
      return since ? [at(`the ${setting} parameter`, since, f.location)] : [];
    }
    const since = name ? FUNCTIONS[name] : undefined;
    return since ? [at(`${name}()`, since, f.location)] : [];
  },
};

/** `old.x` / `new.x` (or `old.*`) in a RETURNING list: PostgreSQL 18's OLD and NEW rows. */
function refersToOldOrNew(target: Node): boolean {
  const val = 'ResTarget' in target ? target.ResTarget.val : undefined;
  if (!val || !('ColumnRef' in val)) return false;
  const fields = val.ColumnRef.fields ?? [];
  const first = fields[0];
  return fields.length > 1 && !!first && 'String' in first && ['old', 'new'].includes((first.String.sval ?? '').toLowerCase());
}

/** Every feature of the statement (nested nodes included) that needs a newer server than some major. */
export function versionedFeatures(node: Node): VersionedFeature[] {
  const out: VersionedFeature[] = [];
  collectFeatures(node, out);
  return out;
}

// Runs on every statement: a plain recursion over the keys in order, allocating nothing on the way.
function collectFeatures(value: object, out: VersionedFeature[]): void {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (item !== null && typeof item === 'object') collectFeatures(item, out);
    return;
  }
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    const detect = DETECTORS[key];
    if (detect && !Array.isArray(child)) for (const feature of detect(child as never)) out.push(feature);
    collectFeatures(child, out);
  }
}

/** The node tags and fields (`returningClause`) whose nodes may use a feature: what `hasFeatureNewerThan` is asked about. */
export const FEATURE_KEYS: readonly string[] = Object.keys(DETECTORS);

/** Whether this node (the inner node of tag `key`, or a `returningClause`) itself uses a feature `pgVersion` does not have yet. */
export function hasFeatureNewerThan(key: string, node: object, pgVersion: number): boolean {
  const detect = DETECTORS[key];
  if (!detect) return false;
  for (const feature of detect(node as never)) if (feature.since > pgVersion) return true;
  return false;
}

/** The features of the statement that `pgVersion` does not have yet, one per feature name. */
export function featuresNewerThan(node: Node, pgVersion: number): VersionedFeature[] {
  const seen = new Set<string>();
  return versionedFeatures(node).filter((f) => f.since > pgVersion && !seen.has(f.feature) && seen.add(f.feature));
}
