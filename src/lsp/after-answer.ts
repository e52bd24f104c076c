// Work the language server does between requests. A handler's answer is written from an
// immediate the connection queues after the handler's own, so work queued with setImmediate
// would delay the answer: a timer runs after it.
export function afterAnswer(work: () => void, delayMs = 0): void {
  setTimeout(work, delayMs).unref();
}
