// Utility-statement options (`VACUUM (FULL)`, `REINDEX (CONCURRENTLY)`) as the parser gives them.
import type { Node } from '@pgsql/types';

/** A `(name [value])` option that is on: `FULL`, `FULL true`; not `FULL false` / `off` / `0`. */
export function hasOption(options: readonly Node[] | undefined, name: string): boolean {
  return (options ?? []).some((o) => {
    if (!('DefElem' in o) || o.DefElem.defname !== name) return false;
    const arg = o.DefElem.arg;
    if (!arg) return true;
    if ('Boolean' in arg) return arg.Boolean.boolval === true;
    if ('Integer' in arg) return (arg.Integer.ival ?? 0) !== 0;
    if ('String' in arg) return !/^(false|off|no|0)$/i.test(arg.String.sval ?? '');
    return true;
  });
}
