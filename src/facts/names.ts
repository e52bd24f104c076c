// How objects are named in messages: schema-qualified when written so.
import type { Node, RangeVar } from '@pgsql/types';

export function relationName(relation: RangeVar | undefined): string {
  if (!relation?.relname) return 'the table';
  return relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
}

/** A dotted name from a list of String nodes (domain, type and function names). */
export function qualifiedName(list: Node[] | undefined): string {
  return (list ?? []).flatMap((n) => ('String' in n && n.String.sval !== undefined ? [n.String.sval] : [])).join('.');
}
