// Runs async jobs a few at a time: vitest runs one test file at a time, so a file whose time is
// spent in child processes leaves the second core idle unless it starts two of them at once.
/** `job` over every item, at most `limit` at once; the results in the items' order. */
export async function atATime<T, R>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
