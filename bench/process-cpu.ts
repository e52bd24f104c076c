// The CPU time a process and its descendants (a wrapper's child server) have used so far, from
// Linux's per-thread scheduler statistics (/proc/PID/task/TID/schedstat, nanoseconds on the CPU):
// precise per request, and unlike wall time it does not grow when the machine is loaded.
import { readdirSync, readFileSync } from 'node:fs';

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Milliseconds of CPU used by `pid` and its descendants; undefined where /proc does not say (not Linux, process gone). */
export function processCpuMs(pid: number): number | undefined {
  let ns = 0;
  let seen = false;
  const visit = (process: number) => {
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${process}/task`);
    } catch {
      return;
    }
    for (const thread of threads) {
      const stat = read(`/proc/${process}/task/${thread}/schedstat`);
      if (stat === undefined) continue;
      seen = true;
      ns += Number(stat.split(' ')[0]);
      for (const child of (read(`/proc/${process}/task/${thread}/children`) ?? '').split(/\s+/)) if (child) visit(Number(child));
    }
  };
  visit(pid);
  return seen ? ns / 1e6 : undefined;
}
