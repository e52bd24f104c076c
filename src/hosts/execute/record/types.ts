// A recording driver, as the orm.execute child uses it: the ORM's own objects, wired to a driver
// that records each query instead of sending it (no connection), and answers with no rows.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RecordedSql {
  sql: string;
  /** The stack of the call that sent (or built) the query: its first frame in the migration file is the call site. */
  stack: string;
}

export interface Recorder {
  /** Runs the module's up or down with the ORM's objects; false when the module has no such method. */
  run(exports: unknown, direction: 'up' | 'down'): Promise<boolean>;
  /** The queries recorded since the last take(). */
  take(): RecordedSql[];
}

export type RecorderFactory = (projectRequire: NodeRequire) => Promise<Recorder> | Recorder;

/** The call site of ORM work in progress: set when a migration calls the ORM, kept across its awaits. */
export const callSite = new AsyncLocalStorage<string>();

/** The stack a query is attributed to: the ORM call it runs under, else the current one. */
export const stackNow = (): string => callSite.getStore() ?? new Error().stack ?? '';

/**
 * The object with each method call run under its caller's stack (callSite), so that queries sent
 * after the method's own awaits are still attributed to the migration's call. Calls made by the
 * ORM inside keep the outermost call site.
 */
export function traced<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const run = () => (value as (...a: unknown[]) => unknown).apply(obj, args);
        return callSite.getStore() === undefined ? callSite.run(new Error().stack ?? '', run) : run();
      };
    },
  });
}

/**
 * A read of the system catalogs the ORM makes for itself (hasTable, hasColumn, an enum's labels):
 * answered with no rows, and not linted — the migration did not write it and it changes nothing.
 */
export const isCatalogLookup = (sql: string): boolean => /^\s*SELECT\b/i.test(sql) && /\b(?:information_schema|pg_catalog|pg_(?:type|class|namespace|attribute|index|indexes|constraint|enum|tables|views|proc|extension|sequences?|attrdef|description|depend|trigger|roles))\b/i.test(sql);

/** A named export's function, for modules exporting up/down (CommonJS or ES module default). */
export function exportedFunction(exports: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  const mod = exports as Record<string, unknown> | undefined;
  const direct = mod?.[name];
  if (typeof direct === 'function') return direct as (...args: unknown[]) => unknown;
  const fallback = (mod?.default as Record<string, unknown> | undefined)?.[name];
  return typeof fallback === 'function' ? (fallback as (...args: unknown[]) => unknown) : undefined;
}

/** The recorder of an ORM whose migrations export up/down functions called with `args`. */
export const exportsRecorder = (recorded: RecordedSql[], ...args: unknown[]): Recorder => ({
  async run(exports, direction) {
    const method = exportedFunction(exports, direction);
    if (!method) return false;
    await method(...args);
    return true;
  },
  take: () => recorded.splice(0),
});
