// Work the language server does between requests, after the answer being prepared is written. The
// connection writes an answer from an immediate it queues once the handler is done; when the
// handler ran from an immediate itself, that write waits for the next turn of the event loop,
// whose timers come first: so the work waits for a timer and then for the immediates after it.
export function afterAnswer(work: () => void, delayMs = 0): void {
  setTimeout(() => setImmediate(() => setImmediate(work)), delayMs).unref();
}
