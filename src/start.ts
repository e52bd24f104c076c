// What bin/migrationlint.js runs (bundled as dist/bundle/start.cjs): the process set up for a
// short run, then the CLI (dist/bundle/cli.cjs) loaded through V8's code cache. A pre-commit
// hook linting one file is mostly start-up: README.md, "Start-up", has the measurements.
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { replayInvocation } from './cache/invocation.js';
import { codeCacheDirectory, loadWithCodeCache } from './code-cache.js';
import { createRequire } from 'node:module';
import { compileParserWasm } from './pg-parser-wasm.js';
import { isCharacterDevice } from './stdout-sync.js';

type Cli = typeof import('./cli.js');

const cliFile = fileURLToPath(new URL('./cli.cjs', import.meta.url));
const argv = process.argv.slice(2);
// `lint --cache` exactly as before with nothing changed: what that run wrote, without the CLI.
const replayed = argv.includes('--cache') ? replayInvocation(codeCacheDirectory(), argv) : undefined;
if (replayed !== undefined) process.exitCode = replayed;
else startCli();

function startCli(): void {
  // The command (the first plain word): each keeps a code cache of the functions it runs.
  const command = argv.find((arg) => /^[a-z][a-z-]*$/.test(arg)) ?? '';
  // Streams made now load their built-in modules (net for a pipe, tty for a terminal) from Node's
  // code cache, which V8 refuses after a flag change. `lint` to a pipe or a file writes its
  // stdout without a stream (src/stdout-sync.ts) and makes stderr's only to write to it.
  if (command !== 'lint' || isCharacterDevice(1) || isCharacterDevice(2)) {
    void process.stdout;
    void process.stderr;
  }
  // The same for the built-in modules this file uses below (node:module also loads Node's ES
  // module loader): loaded after the flag change, each would be compiled from its source.
  for (const builtin of ['node:module', 'node:os', 'node:vm', 'node:zlib']) createRequire(import.meta.url)(builtin);
  // Only code compiled afterwards sees V8 flags, so this comes before the parser loads. The
  // parser's WASM stays on V8's baseline compiler: otherwise V8 soon starts optimising the 100 KB
  // grammar function in the background (~65 ms), and a short run waits for that compile at exit
  // for nothing. Over the whole corpus the optimised code does not win back its compile either.
  setFlagsFromString('--liftoff-only');
  // And each function is validated when first compiled, as V8 does for JavaScript: a run calls
  // a small part of the grammar's WASM, whose compile otherwise validates all 800 KB of its code.
  setFlagsFromString('--wasm-lazy-validation');
  // The parser's WASM starts compiling now, on V8's threads, while the CLI's code loads on the
  // next turn of the event loop (libpg-query's JavaScript is in cli.cjs, through its code cache).
  // Not with --cache: a run where nothing changed takes its report from the cache and never
  // parses (a miss loads the parser when it needs it).
  if (!argv.includes('--cache')) void compileParserWasm();
  setImmediate(() => {
    const cli = loadWithCodeCache(cliFile, codeCacheDirectory(), command);
    void (cli.exports as Cli).main(process.argv).then((code) => {
      process.exitCode = code;
      cli.saveCodeCache();
    });
  });
}
