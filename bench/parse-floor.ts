// The parse floor of case (a): a process that starts Node, loads the parser's WASM as the CLI does
// (same V8 flags), reads every file given and parses it whole — no discovery, analysis or report.
// What a linter on this parser cannot go below; bench/run.ts times it beside squawk.
//   node dist/bench/parse-floor.js FILE...
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
setFlagsFromString('--wasm-lazy-validation');
const { loadModule, parseQuery } = await import('../src/pg-parser.js');
await loadModule();
let statements = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const { tree } = parseQuery(readFileSync(file, 'utf8'));
  if (tree) statements += tree.stmts?.length ?? 0;
  else failed++;
}
process.stdout.write(`${statements} statements, ${failed} files with a syntax error\n`);
