// In the orm.execute child process: loading a migration module as its project would, without
// touching our own node_modules. `.ts` files (and `.js` written with import/export) are
// transpiled by the project's own `typescript`, with an inline source map so that stacks
// (--enable-source-maps) point at the .ts line:col; bare imports a migration's directory cannot
// resolve are resolved from the project directory (`orm.modulesDir`).
import Module, { createRequire } from 'node:module';
import path from 'node:path';

type TranspileModule = (text: string, options: { compilerOptions: Record<string, unknown>; fileName: string }) => { outputText: string };

interface ModuleInternals {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: Record<string, (module: { _compile(code: string, file: string): void }, file: string) => void>;
}

const internals = Module as unknown as ModuleInternals;

/** Modules provided in place of a package the project does not have (a recorder's stand-in), by request. */
const provided = new Map<string, string>();

/** `require(request)` (and `import`, transpiled to require) gets `exports` when the project cannot resolve it. */
export function provideModule(request: string, exports: unknown): void {
  const id = `migrationlint-stand-in:${request}`;
  const module = new Module(id);
  module.exports = exports;
  module.loaded = true;
  (Module as unknown as { _cache: Record<string, Module> })._cache[id] = module;
  provided.set(request, id);
}

/** A `require` resolving from the project directory: the ORM the project uses, not ours. */
export const projectRequire = (projectDir: string): NodeRequire => createRequire(path.join(projectDir, 'noop.js'));

/** Installs the loaders. `typescript` is loaded from the project when a file first needs it (it takes seconds to load). */
export function installLoaders(projectDir: string, readText: (file: string) => string): void {
  const fromProject = projectRequire(projectDir);
  let transpile: TranspileModule | undefined;
  const compileWithTypescript = (module: { _compile(code: string, file: string): void }, file: string) => {
    try {
      transpile ??= (fromProject('typescript') as { transpileModule: TranspileModule }).transpileModule;
    } catch {
      throw new Error(`typescript is not installed in ${projectDir}: ${path.basename(file)} cannot be loaded`);
    }
    const { outputText } = transpile(readText(file), {
      fileName: file,
      compilerOptions: { module: 1 /* CommonJS */, target: 7 /* ES2020 */, esModuleInterop: true, experimentalDecorators: true, inlineSourceMap: true, inlineSources: false },
    });
    module._compile(outputText, file);
  };
  for (const ext of ['.ts', '.mts', '.cts']) internals._extensions[ext] = compileWithTypescript;
  const plainJs = internals._extensions['.js']!;
  internals._extensions['.js'] = (module, file) => {
    try {
      plainJs(module, file);
    } catch (error) {
      // An ES module written as .js in a CommonJS project (the runner's own loader transpiles it too).
      if (!(error instanceof SyntaxError) || !/\b(?:import|export)\b/.test(error.message)) throw error;
      compileWithTypescript(module, file);
    }
  };
  const resolve = internals._resolveFilename.bind(Module);
  let fromProjectDir = false;
  internals._resolveFilename = (request, parent, isMain, options) => {
    try {
      return resolve(request, parent, isMain, options);
    } catch (error) {
      const standIn = provided.get(request);
      if (standIn) return standIn;
      // fromProject.resolve comes back through here: the second failure is the answer.
      if (fromProjectDir || request.startsWith('.') || path.isAbsolute(request)) throw error;
      fromProjectDir = true;
      try {
        return fromProject.resolve(request);
      } finally {
        fromProjectDir = false;
      }
    }
  };
}
