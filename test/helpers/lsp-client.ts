/**
 * A small stdio LSP client for vscode-eslint-language-server (the server the VS Code ESLint extension
 * runs), enough to drive it the way an editor does: open documents, pull diagnostics, ask for code
 * actions, execute them and receive the edits the server wants applied.
 *
 * Every wait is bounded: a request that gets no answer within its timeout rejects, and `close()`
 * ends the server (shutdown + exit, then a kill of the child process it started) whatever state it is in.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  message: string;
  severity?: number;
  source?: string;
  code?: string | number;
  codeDescription?: { href: string };
  data?: unknown;
}
export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  command?: Command;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string }; edits: TextEdit[] }[];
}

/** The settings object the server asks for through `workspace/configuration`, one per document. */
export type ServerSettings = Record<string, unknown>;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** Settings as the VS Code extension sends them, with `validate: 'on'` (needed for languageId `python`). */
export function defaultSettings(workspaceDir: string): ServerSettings {
  const uri = pathToFileURL(workspaceDir).href;
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: true,
    experimental: {},
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: { mode: 'location' },
    workspaceFolder: { uri, name: 'fixture' },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
  };
}

export class LspClient {
  readonly stderr: string[] = [];
  /** Edits the server asked the client to apply (`workspace/applyEdit`), in order. */
  readonly appliedEdits: { uri: string; edits: TextEdit[] }[] = [];
  /** Answers `workspace/configuration` for one document (scopeUri); swap it, then call `configurationChanged()`. */
  settingsFor: (scopeUri: string | undefined) => ServerSettings;

  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, Pending>();
  #buffer = Buffer.alloc(0);
  #nextId = 1;
  #exited = false;
  readonly #exitPromise: Promise<void>;

  private constructor(proc: ChildProcessWithoutNullStreams, settingsFor: (scopeUri: string | undefined) => ServerSettings) {
    this.#proc = proc;
    this.settingsFor = settingsFor;
    this.#exitPromise = new Promise((resolve) => {
      proc.once('exit', () => {
        this.#exited = true;
        for (const [, p] of this.#pending) {
          clearTimeout(p.timer);
          p.reject(new Error(`language server exited; stderr: ${this.stderr.join('').slice(-2000)}`));
        }
        this.#pending.clear();
        resolve();
      });
    });
    proc.stdout.on('data', (chunk: Buffer) => this.#onData(chunk));
    proc.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 200) this.stderr.push(chunk.toString('utf8'));
    });
    proc.stdin.on('error', () => {
      // The server went away; pending requests are rejected by the exit handler.
    });
  }

  /** Start `vscode-eslint-language-server --stdio` in `cwd` and run the initialize handshake. */
  static async start(workspaceDir: string, options: { timeoutMs?: number; settingsFor?: (scopeUri: string | undefined) => ServerSettings } = {}): Promise<LspClient> {
    const require = createRequire(import.meta.url);
    const bin = require.resolve('vscode-langservers-extracted/bin/vscode-eslint-language-server');
    const proc = spawn(process.execPath, [bin, '--stdio'], { cwd: workspaceDir, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(proc, options.settingsFor ?? (() => defaultSettings(workspaceDir)));
    const uri = pathToFileURL(workspaceDir).href;
    try {
      await client.request(
        'initialize',
        {
          processId: process.pid,
          rootUri: uri,
          workspaceFolders: [{ uri, name: 'fixture' }],
          capabilities: {
            workspace: {
              configuration: true,
              workspaceFolders: true,
              applyEdit: true,
              diagnostics: { refreshSupport: true },
              // Without it the server ignores workspace/didChangeConfiguration (it registers the handler only then).
              didChangeConfiguration: { dynamicRegistration: true },
            },
            textDocument: {
              synchronization: { didSave: true },
              diagnostic: { dynamicRegistration: false },
              codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll', 'source.fixAll.eslint'] } } },
            },
          },
        },
        options.timeoutMs ?? 10_000,
      );
      client.notify('initialized', {});
    } catch (error) {
      await client.close();
      throw error;
    }
    return client;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** The server's process id (for measurements such as its resident memory), or undefined if it did not start. */
  get pid(): number | undefined {
    return this.#proc.pid;
  }

  request<T = unknown>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    if (this.#exited) return Promise.reject(new Error(`language server has exited (${method})`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms; stderr: ${this.stderr.join('').slice(-2000)}`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.#exited) this.#send({ jsonrpc: '2.0', method, params });
  }

  open(uri: string, languageId: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Replace the whole buffer (an unsaved edit in the editor). */
  change(uri: string, text: string, version: number): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  closeDocument(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Pull diagnostics (LSP 3.17 `textDocument/diagnostic`); the server sends no push diagnostics. */
  async diagnostics(uri: string, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const report = await this.request<{ kind: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }, timeoutMs);
    if (report.kind !== 'full') throw new Error(`unexpected diagnostic report kind ${report.kind}`);
    return report.items ?? [];
  }

  /** Quick fixes for one diagnostic, as an editor asks when the cursor is on the squiggle. */
  codeActions(uri: string, diagnostic: Diagnostic, timeoutMs = 10_000): Promise<CodeAction[] | null> {
    return this.request<CodeAction[] | null>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } },
      timeoutMs,
    );
  }

  /**
   * Run a code action's command; the server answers with a `workspace/applyEdit` request, whose edits
   * for `uri` are returned.
   */
  async execute(command: Command, uri: string, timeoutMs = 10_000): Promise<TextEdit[]> {
    const before = this.appliedEdits.length;
    await this.request('workspace/executeCommand', { command: command.command, arguments: command.arguments ?? [] }, timeoutMs);
    return this.appliedEdits.slice(before).filter((e) => e.uri === uri).flatMap((e) => e.edits);
  }

  /** Tell the server settings changed: it drops its per-document settings and asks again. */
  configurationChanged(): void {
    this.notify('workspace/didChangeConfiguration', { settings: null });
  }

  /** Shut the server down politely, and kill it if it is still running after `graceMs`. */
  async close(graceMs = 2000): Promise<void> {
    if (!this.#exited) {
      try {
        await this.request('shutdown', null, graceMs);
        this.notify('exit', null);
      } catch {
        // fall through to the kill
      }
    }
    const exited = await Promise.race([this.#exitPromise.then(() => true), delay(graceMs).then(() => false)]);
    if (!exited && !this.#exited) {
      this.#proc.kill('SIGKILL');
      await Promise.race([this.#exitPromise, delay(graceMs)]);
    }
  }

  #send(message: Message): void {
    const body = JSON.stringify(message);
    this.#proc.stdin.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const headerEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.#buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/content-length:\s*(\d+)/i.exec(header)?.[1] ?? NaN);
      if (!Number.isFinite(length)) {
        this.#buffer = this.#buffer.subarray(headerEnd + 4); // not a frame we understand: skip it
        continue;
      }
      if (this.#buffer.length < headerEnd + 4 + length) return;
      const body = this.#buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(headerEnd + 4 + length);
      let message: Message;
      try {
        message = JSON.parse(body) as Message;
      } catch {
        continue;
      }
      this.#dispatch(message);
    }
  }

  #dispatch(message: Message): void {
    if (message.id !== undefined && message.method) {
      this.#send({ jsonrpc: '2.0', id: message.id, result: this.#answer(message.method, message.params) });
      return;
    }
    if (message.id !== undefined) {
      const pending = this.#pending.get(Number(message.id));
      if (!pending) return;
      this.#pending.delete(Number(message.id));
      clearTimeout(pending.timer);
      if (message.error) pending.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else pending.resolve(message.result);
    }
    // Notifications (eslint/status, window/logMessage, …) are not needed by the tests.
  }

  /** Answers to the server's requests, as an editor gives them. */
  #answer(method: string, params: unknown): unknown {
    switch (method) {
      case 'workspace/configuration': {
        const items = (params as { items?: { scopeUri?: string }[] }).items ?? [];
        return items.map((item) => this.settingsFor(item.scopeUri));
      }
      case 'workspace/applyEdit': {
        const edit = (params as { edit: WorkspaceEdit }).edit;
        for (const [uri, edits] of Object.entries(edit.changes ?? {})) this.appliedEdits.push({ uri, edits });
        for (const change of edit.documentChanges ?? []) this.appliedEdits.push({ uri: change.textDocument.uri, edits: change.edits });
        return { applied: true };
      }
      default:
        // client/registerCapability, window/workDoneProgress/create, workspace/diagnostic/refresh, …
        return null;
    }
  }
}

/** Apply LSP text edits to a text (edits do not overlap; applied from the last one back). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll `probe` until `done` holds or `timeoutMs` passes; returns the last value either way. */
export async function pollUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await delay(intervalMs);
    value = await probe();
  }
  return value;
}
