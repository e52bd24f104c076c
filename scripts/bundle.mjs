// Bundle the CLI into dist/bundle/ (ESM, code-split so `lint` never loads the apply engine or
// the language server). Start-up is most of what a pre-commit hook costs; one file loads
// much faster than ~100 ESM modules. Packages that locate data files next to their own code
// (WASM, PGlite's data) stay external.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  external: ['libpg-query', '@electric-sql/pglite', 'pg', 'pg-native', 'vscode-languageserver', 'vscode-languageserver-textdocument'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
});
