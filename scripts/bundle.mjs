// Bundle the CLI into dist/bundle/. Start-up is most of what a pre-commit hook costs; one file
// loads much faster than ~100 ESM modules. Packages that locate data files next to their own
// code (WASM, PGlite's data) stay external.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  external: ['libpg-query', '@babel/parser', '@lezer/python', '@electric-sql/pglite', 'pg', 'pg-native', 'vscode-languageserver', 'vscode-languageserver-textdocument'],
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
};

// Node's own start-up (and start.ts) has loaded these built-in modules before the CLI runs.
// Not node:v8: it loads node:stream, which `lint --cache` repeating a run never needs.
const loadedAtStart = new Set(['async_hooks', 'buffer', 'events', 'fs', 'module', 'os', 'path', 'process', 'querystring', 'timers', 'url', 'util', 'vm', 'zlib']);
// What Node itself has loaded when it runs a CommonJS script: start.cjs requires the rest when
// used (a `lint --cache` that repeats its last run needs neither zlib nor vm).
const loadedAtBoot = new Set(['async_hooks', 'buffer', 'events', 'fs', 'path', 'process', 'querystring', 'timers', 'url', 'util']);
const requireBuiltin = createRequire(import.meta.url);

/**
 * Every other built-in module is required when one of its exports is first read: the commands a
 * run does not call would otherwise load child_process, crypto, readline, worker_threads … at
 * start-up (commander alone requires child_process, which loads net and dgram).
 */
const lazyBuiltins = (loaded) => ({
  name: 'lazy-builtins',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[a-z0-9_:/]+$/ }, ({ path, namespace }) => {
      const name = path.replace(/^node:/, '');
      if (!isBuiltin(path) || loaded.has(name)) return undefined;
      return namespace === 'lazy-builtin' ? { path, external: true } : { path: name, namespace: 'lazy-builtin' };
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, ({ path }) => {
      const getters = Object.keys(requireBuiltin(path)).map((key) => `${JSON.stringify(key)}: { enumerable: true, get: () => load()[${JSON.stringify(key)}] }`);
      return { loader: 'js', contents: `let loaded; const load = () => (loaded ??= require(${JSON.stringify(`node:${path}`)}));\nmodule.exports = Object.defineProperties({}, { ${getters.join(', ')} });\n` };
    });
  },
});

/**
 * chalk decides a default colour level when it loads (node:tty, the environment): every Chalk
 * here is made with the level the CLI decided (cli.ts), so that detection is replaced by none.
 */
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'no-color-detection' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'no-color-detection' }, () => ({ loader: 'js', contents: 'export default { stdout: false, stderr: false };\n' }));
  },
};

// What bin/migrationlint.js runs: start.cjs, which loads cli.cjs through V8's code cache. That is
// CommonJS because Node 20 reaches the code cache only for scripts (src/code-cache.ts), not ES
// modules; cli.cjs is one file, the commands a run does not call in it unevaluated. No import()
// in a vm.Script: PGlite comes through require (its CommonJS build).
const commonJs = {
  ...common,
  // libpg-query's JavaScript is bundled (its code cached with the CLI's); src/pg-parser-wasm.ts
  // reads its WASM from the package. The ES module build keeps it external: it uses __dirname.
  external: common.external.filter((name) => name !== 'libpg-query'),
  format: 'cjs',
  supported: { 'dynamic-import': false },
  plugins: [lazyBuiltins(loadedAtStart), chalkWithoutDetection],
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...commonJs, entryPoints: ['src/cli.ts'], outfile: 'dist/bundle/cli.cjs' });
await build({ ...commonJs, plugins: [lazyBuiltins(loadedAtBoot), chalkWithoutDetection], entryPoints: ['src/start.ts'], outfile: 'dist/bundle/start.cjs' });
for (const file of ['dist/bundle/cli.cjs', 'dist/bundle/start.cjs']) mustBeAscii(file);

/**
 * esbuild escapes other characters in strings and templates, not in regular expressions. One
 * non-ASCII character makes V8 hold the whole source as a two-byte string: twice the memory, the
 * code cache's source check and hashing on 2 MB instead of 1 (~6 ms a run).
 */
function mustBeAscii(file) {
  const text = readFileSync(file, 'utf8');
  const at = text.search(/[^\x00-\x7f]/);
  if (at < 0) return;
  const line = text.slice(0, at).split('\n').length;
  console.error(`${file}:${line}: a non-ASCII character in the bundle (write it as \\u${text.codePointAt(at)?.toString(16)} in the source): ${text.slice(Math.max(0, at - 60), at + 20)}`);
  process.exit(1);
}

// ESM, code-split: what the lint worker threads run (cli.js is the CLI as an ES module).
await build({
  ...common,
  // The lint worker is an entry of its own: dist/bundle/cli.cjs starts it as ./lint-worker.js.
  // The orm.execute child process: dist/bundle/cli.cjs forks it as ./orm-execute-child.js.
  entryPoints: { cli: 'src/cli.ts', 'lint-worker': 'src/parallel/lint-worker.ts', 'orm-execute-child': 'src/hosts/execute/orm-execute-child.ts' },
  outdir: 'dist/bundle',
  splitting: true,
  format: 'esm',
  plugins: [chalkWithoutDetection],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
