// Between the analysing thread and the parse-ahead worker: the section texts go over once, in
// the order the analysis takes them; each parse comes back on a MessagePort the analysing thread
// reads synchronously (receiveMessageOnPort), with three counters in shared memory to wait on.
import type { MessagePort } from 'node:worker_threads';
import type { RawParse } from './raw-parser.js';

export interface ParseAheadInput {
  texts: string[];
  /** Int32Array over SharedArrayBuffer, slots below. */
  counters: SharedArrayBuffer;
  port: MessagePort;
}

/** Sections the analysing thread has taken (or parsed itself): the worker skips those. */
export const TAKEN = 0;
/** Sections the worker has posted. */
export const POSTED = 1;
/** 1 once the worker's parser is loaded, -1 when it failed. */
export const STATE = 2;
export const COUNTERS = 3;

/** How many parses the worker keeps ready: enough to never keep the analysis waiting, few enough to hold little memory. */
export const AHEAD = 32;

export interface ParseAheadReply {
  index: number;
  parse: RawParse;
}
