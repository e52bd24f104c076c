// `migrationlint lsp`. The server module (and vscode-languageserver) loads only when the
// command runs, so `migrationlint lint` never pays for it.
import type { Command } from 'commander';

export function registerLspCommand(program: Command): void {
  program
    .command('lsp')
    .description('run the language server on stdio (diagnostics and quick fixes in editors)')
    .option('--stdio', 'talk over standard input/output (the default; accepted for clients that pass it)')
    .action(async () => {
      const { startServer } = await import('./server.js');
      await startServer();
    });
}
