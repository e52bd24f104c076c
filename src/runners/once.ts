// A value worked out the first time it is asked for: what a runner's detection reads around a
// directory, only once a file of it calls for it (the same paths probed as when each file asked).
export function once<T>(compute: () => T): () => T {
  let known: { value: T } | undefined;
  return () => (known ??= { value: compute() }).value;
}
