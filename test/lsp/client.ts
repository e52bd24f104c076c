// A real LSP client over stdio (vscode-languageserver-protocol) driving a language server
// process: the built `migrationlint lsp`, or any other command (the latency bench).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type FileEvent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node.js';
import { bin } from '../helpers/cli.js';

export interface ClientOptions {
  root: string;
  /** Advertise pull diagnostics (textDocument/diagnostic); otherwise the server pushes. */
  pull: boolean;
  debounceMs?: number;
  /** The server command; default: the built `migrationlint lsp`. */
  command?: string[];
}

export const uriOf = (file: string) => pathToFileURL(file).href;

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  refreshes = 0;
  private readonly waiters: Array<{ test: (p: PublishDiagnosticsParams) => boolean; done: (p: PublishDiagnosticsParams) => void }> = [];
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    readonly stderr: string[],
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.done(p);
        }
      }
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshes++;
    });
  }

  static async start(options: ClientOptions): Promise<LspClient> {
    const [command, ...args] = options.command ?? [process.execPath, bin, 'lsp', '--stdio'];
    const child = spawn(command, args, { cwd: options.root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const stderr: string[] = [];
    child.stderr.on('data', (d: Buffer) => stderr.push(d.toString('utf8')));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, stderr);
    connection.listen();
    const capabilities: ClientCapabilities = {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}) },
      textDocument: {
        synchronization: { didSave: true, dynamicRegistration: false },
        publishDiagnostics: { versionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
    };
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(options.root),
      workspaceFolders: [{ uri: uriOf(options.root), name: 'root' }],
      capabilities,
      initializationOptions: options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(file: string, text: string): Promise<void> {
    this.versions.set(file, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(file), languageId: 'sql', version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  async change(file: string, text: string): Promise<number> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] });
    return version;
  }

  async save(file: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: uriOf(file) } });
  }

  async close(file: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(file) } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async pull(file: string, previousResultId?: string): Promise<{ items: Diagnostic[]; resultId?: string; kind: string }> {
    const report = await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uriOf(file) }, ...(previousResultId ? { previousResultId } : {}) });
    return { kind: report.kind, items: report.kind === 'full' ? report.items : [], ...(report.resultId ? { resultId: report.resultId } : {}) };
  }

  async codeActions(file: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    const actions = (await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(file) }, range, context: { diagnostics } })) ?? [];
    return actions.filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  /** The next published diagnostics for `file` that pass `test` (waits up to `timeoutMs`). */
  nextDiagnostics(file: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
    const uri = uriOf(file);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${file} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.waiters.push({
        test: (p) => p.uri === uri && test(p),
        done: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
