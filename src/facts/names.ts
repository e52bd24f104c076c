// How objects are named in messages: schema-qualified when written so.
import type { Node, RangeVar } from '@pgsql/types';
import { stringValues } from './node-lists.js';

export function relationName(relation: RangeVar | undefined): string {
  if (!relation?.relname) return 'the table';
  return relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
}

/** A dotted name from a list of String nodes (domain, type and function names). */
export function qualifiedName(list: Node[] | undefined): string {
  return stringValues(list).join('.');
}

/** 'a', 'a and b', 'a, b and c'. */
export function listLabel(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
