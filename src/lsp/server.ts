// `migrationlint lsp`: a language server over stdio. Diagnostics are pulled
// (textDocument/diagnostic) by clients that support it and pushed (publishDiagnostics on open,
// debounced change and save) to the others; code actions offer each fix and a suppression.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult } from '../lint.js';
import { loadParser } from '../parse.js';
import { VERSION } from '../version.js';
import { codeActions, SOURCE, toDiagnostic } from './convert.js';
import { FixCheck } from './fix-check.js';
import { Workspace } from './workspace.js';
import { isHostFile } from '../runners/extensions.js';

const DEFAULT_DEBOUNCE_MS = 200;

const fileOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);

interface Settings {
  push: boolean;
  refresh: boolean;
  watch: boolean;
  debounceMs: number;
}

function settingsFrom(params: InitializeParams): Settings {
  const caps = params.capabilities;
  const options = (params.initializationOptions ?? {}) as { debounceMs?: unknown };
  return {
    push: caps.textDocument?.diagnostic === undefined,
    refresh: caps.workspace?.diagnostics?.refreshSupport === true,
    watch: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    debounceMs: typeof options.debounceMs === 'number' && options.debounceMs >= 0 ? options.debounceMs : DEFAULT_DEBOUNCE_MS,
  };
}

function foldersFrom(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.flatMap((u) => fileOf(u) ?? []);
}

/** Runs the server until the client exits; resolves when the connection closes. */
export function startServer(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  /** Per document, its last lint: for diagnostics (fixes not checked), or for code actions (fixesMarked). */
  const lastLint = new Map<string, { version: number; result: LintResult; fixesMarked: boolean }>();
  const timers = new Map<string, NodeJS.Timeout>();
  let workspace = new Workspace({ folders: [] });
  let settings: Settings = { push: true, refresh: false, watch: false, debounceMs: DEFAULT_DEBOUNCE_MS };

  const fixCheck = new FixCheck();

  const openBuffers = () => {
    const buffers = new Map<string, string>();
    for (const d of documents.all()) {
      const path = fileOf(d.uri);
      if (path) buffers.set(path, d.getText());
    }
    return buffers;
  };

  const diagnose = async (doc: TextDocument): Promise<Diagnostic[]> => {
    const file = fileOf(doc.uri);
    if (!file) return [];
    try {
      // TypeScript, JavaScript and Python documents are linted only as migrations of a configured set, never run.
      if (isHostFile(file) && !(await workspace.inMigrationSet(file))) return [];
      // Diagnostics show no fix: whether a fix would leave its statement doing nothing is asked by code actions.
      const result = await workspace.lintFile(file, openBuffers(), { markEmptyingFixes: false });
      lastLint.set(doc.uri, { version: doc.version, result, fixesMarked: false });
      return result.findings.filter((f) => f.file === file && !f.suppressed).map(toDiagnostic);
    } catch (error) {
      // A bad config or an unreadable set: say so on the first line instead of failing silently.
      lastLint.delete(doc.uri);
      const message = error instanceof Error ? error.message : String(error);
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: SOURCE, code: 'configuration', message }];
    }
  };

  /** The document's lint with its fixes checked, as `lint` reports them; undefined when it is not linted. */
  const lintForFixes = async (doc: TextDocument, file: string) => {
    const last = lastLint.get(doc.uri);
    if (last?.version === doc.version && last.fixesMarked) return last;
    try {
      if (isHostFile(file) && !(await workspace.inMigrationSet(file))) return undefined;
      const linted = { version: doc.version, result: await workspace.lintFile(file, openBuffers()), fixesMarked: true };
      lastLint.set(doc.uri, linted);
      return linted;
    } catch {
      return undefined; // the diagnostics say what failed
    }
  };

  const publish = async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const diagnostics = await diagnose(doc);
    if (documents.get(uri)?.version !== version) return; // edited meanwhile: a newer run follows
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      void publish(uri);
    }, delay));
  };

  /** The files on disk changed: drop the caches; clients re-pull or get pushed diagnostics. */
  const diskChanged = () => {
    workspace.invalidate();
    lastLint.clear();
    if (settings.push) for (const d of documents.all()) schedule(d.uri, 0);
    else if (settings.refresh) void connection.languages.diagnostics.refresh();
  };

  connection.onInitialize((params) => {
    settings = settingsFrom(params);
    workspace = new Workspace({ folders: foldersFrom(params) });
    void loadParser();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        diagnosticProvider: { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: false },
      },
      serverInfo: { name: SOURCE, version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (!settings.watch) return;
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      // The stats file is read with the config: a new one (migrationlint stats) relints like a config change.
      watchers: [{ globPattern: '**/*.sql' }, { globPattern: '**/.migrationlintrc.json' }, { globPattern: '**/.migrationlint/stats.json' }],
    });
  });

  documents.onDidChangeContent((event) => {
    if (!settings.push) return;
    const first = !lastLint.has(event.document.uri) && !timers.has(event.document.uri);
    schedule(event.document.uri, first ? 0 : settings.debounceMs);
    // Other open migrations of the set may depend on this one (earlier tables, down files).
    for (const d of documents.all()) if (d.uri !== event.document.uri) schedule(d.uri, settings.debounceMs);
  });
  documents.onDidSave(diskChanged);
  connection.onDidChangeWatchedFiles(diskChanged);
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    timers.delete(event.document.uri);
    lastLint.delete(event.document.uri);
    if (settings.push) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const items = await diagnose(doc);
    const resultId = createHash('sha1').update(JSON.stringify(items)).digest('hex');
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const file = doc && fileOf(doc.uri);
    if (!doc || !file) return [];
    const last = await lintForFixes(doc, file);
    if (!last) return [];
    const text = doc.getText();
    const checked = await fixCheck.safeFixes({
      file,
      text,
      result: last.result,
      lintText: async (fixed) => (await workspace.lintFile(file, new Map([...openBuffers(), [file, fixed]]), { markEmptyingFixes: false })).findings,
    });
    const { fixes, ignores } = codeActions(doc.uri, text, checked, file, params.range, params.context.diagnostics);
    return [...fixes, ...ignores];
  });

  documents.listen(connection);
  return new Promise((resolve) => {
    connection.onExit(() => resolve());
    connection.onShutdown(() => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    });
    connection.listen();
  });
}
