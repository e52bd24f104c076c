// Parsing on a second thread while this one analyses: a worker parses the sections of a set in
// the order analyseSet takes them (each migration's up, then its down) and posts each parse tree
// as the JSON text libpg-query makes; this thread only JSON.parses it. The worker starts in the
// background; until its parser is loaded, and whenever it falls behind, this thread parses the
// section itself and the worker skips it. Same parse, same ParsedSection: byte-identical reports.
import type { RawStmt } from '@pgsql/types';
import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { parseSection, parseSectionFrom, type ParseOutcome } from '../parse.js';
import type { Migration, ParsedSection, SectionSource } from '../types.js';
import { COUNTERS, POSTED, STATE, TAKEN, type ParseAheadInput, type ParseAheadReply } from './parse-ahead-protocol.js';
import type { RawParse } from './raw-parser.js';

/** Next to this module in both builds: dist/src/parallel/ (tsc) and dist/bundle/ (esbuild entry). */
export const PARSE_AHEAD_WORKER = new URL('./parse-ahead-worker.js', import.meta.url);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The longest this thread waits for a parse the worker is making before making it itself. */
const STALL_MS = 2_000;

export interface ParseAhead {
  /** analyseSet's `parse`. */
  parse(source: SectionSource): ParsedSection;
  /** Sections parsed by the worker, and here. */
  readonly parsed: { byWorker: number; here: number };
  /** Settles when the worker's parser is loaded (true) or the worker failed (false). */
  ready(): Promise<boolean>;
  /** Ends the worker; parse still works after, on this thread. */
  stop(): Promise<void>;
}

/** The sections in the order analyseSet parses them. */
export function sectionsInRunOrder(migrations: readonly Migration[]): SectionSource[] {
  return migrations.flatMap((m) => (m.down ? [m.up, m.down] : [m.up]));
}

export function startParseAhead(sections: readonly SectionSource[], workerScript: URL = PARSE_AHEAD_WORKER): ParseAhead {
  const position = new Map<SectionSource, number>();
  const texts: string[] = [];
  sections.forEach((section, i) => {
    position.set(section, i);
    // A lone surrogate has no UTF-8 form: the worker's encoder and libpg-query's would differ.
    texts.push(LONE_SURROGATE.test(section.text) ? '' : section.text);
  });
  const counters = new SharedArrayBuffer(COUNTERS * Int32Array.BYTES_PER_ELEMENT);
  const shared = new Int32Array(counters);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerScript, { workerData: { texts, counters, port: port2 } satisfies ParseAheadInput, transferList: [port2] });
  worker.unref();
  // A worker that fails to start leaves STATE at 0: every section is parsed here.
  worker.on('error', () => Atomics.store(shared, STATE, -1));
  const ready = new Promise<boolean>((resolve) => {
    worker.once('message', (loaded: boolean) => resolve(loaded));
    worker.once('error', () => resolve(false));
  });
  const early = new Map<number, RawParse>();

  /** The worker's parse of section `index`, or undefined when this thread is to parse it. */
  const take = (index: number): RawParse | undefined => {
    const waitUntil = performance.now() + STALL_MS;
    for (;;) {
      const posted = Atomics.load(shared, POSTED);
      const parse = receiveUpTo(port1, index, early);
      if (parse) return parse;
      // Not started, failed, or past it without a parse (an empty text): parse here.
      if (Atomics.load(shared, STATE) !== 1 || posted > index) return undefined;
      // Behind: this thread goes on, the worker skips to where it is.
      if (posted < index || performance.now() > waitUntil) return undefined;
      Atomics.wait(shared, POSTED, posted, 50);
    }
  };

  const parsed = { byWorker: 0, here: 0 };
  return {
    parsed,
    parse(source) {
      const index = position.get(source);
      const parse = index === undefined ? undefined : take(index);
      if (index !== undefined) {
        Atomics.store(shared, TAKEN, index + 1);
        Atomics.notify(shared, TAKEN);
      }
      if (!parse) {
        parsed.here++;
        return parseSection(source);
      }
      parsed.byWorker++;
      return parseSectionFrom(source, outcomeOf(parse));
    },
    ready: () => ready,
    async stop() {
      Atomics.store(shared, TAKEN, texts.length);
      Atomics.notify(shared, TAKEN);
      port1.close();
      await worker.terminate();
    },
  };
}

/** Reads the port up to section `index`: its parse, if there; earlier ones are dropped, later ones kept. */
function receiveUpTo(port: MessagePort, index: number, early: Map<number, RawParse>): RawParse | undefined {
  const kept = early.get(index);
  if (kept) {
    early.delete(index);
    return kept;
  }
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    const reply = message.message as ParseAheadReply;
    if (reply.index === index) return reply.parse;
    if (reply.index > index) early.set(reply.index, reply.parse);
  }
  return undefined;
}

function outcomeOf(parse: RawParse): ParseOutcome {
  if ('error' in parse) return { message: parse.error.message, cursor: parse.error.cursorPosition };
  const tree = JSON.parse(parse.json) as { stmts?: RawStmt[] };
  return { stmts: tree.stmts ?? [] };
}
