/**
 * Editor end-to-end: the plugin through vscode-eslint-language-server (the server of the VS Code
 * ESLint extension, from vscode-langservers-extracted), driven over stdio as an editor drives it.
 *
 * The fixture project (fixtures/editor) has its own eslint.config.mjs that imports the BUILT plugin
 * (dist/, by a relative path): run `npm run build` first (`npm test` does).
 *
 * The project is copied to `.tmp-editor/<run>/` inside the repository (git-ignored) because the test
 * rewrites a dependency file on disk; being inside the repository, the server finds this repository's
 * node_modules/eslint by Node's upward resolution, and the config's relative import of dist/ still
 * works. The plugin keeps its default `cacheFreshnessMs` (1000 ms), the setting users have, and the
 * test polls (bounded) for the update instead of sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { LspClient, applyEdits, defaultSettings, pollUntil, type CodeAction, type Diagnostic } from './helpers/lsp-client.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const fixtureDir = path.join(repo, 'fixtures', 'editor');
const RULE = 'patch-order/no-import-before-patch';
const DOCS = 'https://github.com/patch-order/eslint-plugin-patch-order/blob/main/docs/rules/no-import-before-patch.md';

let ws: string;
let client: LspClient | undefined;
const uriOf = (rel: string) => pathToFileURL(path.join(ws, rel)).href;
const textOf = (rel: string) => readFileSync(path.join(fixtureDir, rel), 'utf8');
const versions = new Map<string, number>();

function open(rel: string, languageId: string): string {
  const uri = uriOf(rel);
  versions.set(uri, 1);
  lsp().open(uri, languageId, textOf(rel));
  return uri;
}
/** Replace an open buffer (unsaved edit), as the editor does after a quick fix or typing. */
function edit(uri: string, text: string): void {
  const v = (versions.get(uri) ?? 1) + 1;
  versions.set(uri, v);
  lsp().change(uri, text, v);
}
function lsp(): LspClient {
  if (!client) throw new Error('language server not started');
  return client;
}
const brief = (d: Diagnostic) => ({ code: d.code, source: d.source, severity: d.severity, range: d.range, message: d.message });
const titles = (actions: CodeAction[] | null) => (actions ?? []).map((a) => a.title);
const range = (line: number, character: number, endLine: number, endCharacter: number) => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});
const diagnostic = (r: ReturnType<typeof range>, message: string) => ({ code: RULE, source: 'eslint', severity: 1, range: r, message });

const MAIN_JS = diagnostic(
  range(0, 0, 0, 16),
  "'express' is loaded by src/app.js:1 before Datadog APM (dd-trace) takes effect at line 2. Symptom: it is never instrumented: no spans or errors from it, and no warning at start-up. Activate Datadog APM (dd-trace) first.",
);
const SERVER_TS = diagnostic(
  range(0, 0, 0, 30),
  "'express' is loaded before Datadog APM (dd-trace) takes effect at line 2. Symptom: it is never instrumented: no spans or errors from it, and no warning at start-up. Activate Datadog APM (dd-trace) first.",
);
const WORKER_PY = diagnostic(
  range(0, 7, 0, 11),
  "'threading' is loaded by jobs.py:1 before gevent monkey.patch_all() takes effect at line 3. Symptom: a Lock/Event/local copied out of threading before the patch stays a native lock: it blocks the hub (LoopExit, hangs); on Python 2 / old gevent, importing threading first gave \"KeyError … in module 'threading' ignored\" at exit. Activate gevent monkey.patch_all() first.",
);
const ALL_ACTIONS = [
  `Fix this ${RULE} problem`,
  `Disable ${RULE} for this line`,
  `Disable ${RULE} for the entire file`,
  `Show documentation for ${RULE}`,
  'Fix all auto-fixable problems',
];

beforeAll(async () => {
  if (!existsSync(path.join(repo, 'dist', 'src', 'index.js'))) {
    throw new Error('dist/src/index.js is missing: run `npm run build` before this test (npm test does)');
  }
  mkdirSync(path.join(repo, '.tmp-editor'), { recursive: true });
  ws = path.join(repo, '.tmp-editor', `lsp-${process.pid}-${Date.now()}`);
  cpSync(fixtureDir, ws, { recursive: true });
  client = await LspClient.start(ws, { timeoutMs: 15_000 });
}, 30_000);

afterAll(async () => {
  await client?.close();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('vscode-eslint-language-server with the plugin (stdio LSP)', () => {
  let mainJs: string;
  let serverTs: string;
  let workerPy: string;

  it('JS: the cross-file problem, with rule id, range and message (pull diagnostics)', async () => {
    mainJs = open('src/main.js', 'javascript');
    // The first request loads ESLint, the config and the plugin (WASM parser init): allow it longer.
    const items = await lsp().diagnostics(mainJs, 15_000);
    expect(items.map(brief)).toEqual([MAIN_JS]);
    expect(items[0]!.codeDescription).toEqual({ href: DOCS });
  });

  it('TS: the import written above the side-effect init import', async () => {
    serverTs = open('src/server.ts', 'typescript');
    expect((await lsp().diagnostics(serverTs)).map(brief)).toEqual([SERVER_TS]);
  });

  it('Python (languageId "python", validate: "on"): threading loaded through a local module before patch_all()', async () => {
    workerPy = open('worker.py', 'python');
    expect((await lsp().diagnostics(workerPy)).map(brief)).toEqual([WORKER_PY]);
  });

  it('correct files of the same project are clean in the editor too', async () => {
    for (const [rel, lang] of [['src/app.js', 'javascript'], ['jobs.py', 'python']] as const) {
      const uri = open(rel, lang);
      expect(await lsp().diagnostics(uri)).toEqual([]);
      lsp().closeDocument(uri);
    }
  });

  it('the quick fixes offered are the plugin fix (plus the server-generic disable/doc actions)', async () => {
    for (const [uri, expected] of [[mainJs, MAIN_JS], [serverTs, SERVER_TS], [workerPy, WORKER_PY]] as const) {
      const [diag] = await lsp().diagnostics(uri);
      expect(brief(diag!)).toEqual(expected);
      const actions = await lsp().codeActions(uri, diag!);
      expect(titles(actions)).toEqual(ALL_ACTIONS);
      const fix = actions!.find((a) => a.title === ALL_ACTIONS[0])!;
      expect(fix.isPreferred).toBe(true);
      expect(fix.command?.command).toBe('eslint.applySingleFix');
      expect(fix.command?.arguments).toEqual([{ uri, version: 1, ruleId: RULE }]);
    }
  });

  it('a dependency changed on disk updates the entry file diagnostics (no stale cross-file cache)', async () => {
    const appJs = path.join(ws, 'src', 'app.js');
    const original = readFileSync(appJs, 'utf8');
    // The module no longer loads express: main.js has nothing left to report.
    writeFileSync(appJs, "module.exports = function app() {};\n");
    const cleared = await pollUntil(() => lsp().diagnostics(mainJs), (d) => d.length === 0, 8000);
    expect(cleared).toEqual([]);
    // And back: the problem returns, with the same range and message.
    writeFileSync(appJs, original);
    const back = await pollUntil(() => lsp().diagnostics(mainJs), (d) => d.length === 1, 8000);
    expect(back.map(brief)).toEqual([MAIN_JS]);

    // The same for Python: jobs.py stops importing threading, then imports it again.
    const jobsPy = path.join(ws, 'jobs.py');
    const jobs = readFileSync(jobsPy, 'utf8');
    writeFileSync(jobsPy, 'def current_name():\n    return "main"\n');
    expect(await pollUntil(() => lsp().diagnostics(workerPy), (d) => d.length === 0, 8000)).toEqual([]);
    writeFileSync(jobsPy, jobs);
    expect((await pollUntil(() => lsp().diagnostics(workerPy), (d) => d.length === 1, 8000)).map(brief)).toEqual([WORKER_PY]);
  }, 40_000);

  it('executing "Fix this problem" applies the plugin fix, and the fixed buffer re-lints clean', async () => {
    const fixed: Record<string, string> = {
      [mainJs]: "require('dd-trace').init();\nrequire('./app');\n",
      [serverTs]: "import 'dd-trace/init';\nimport express from 'express';\n\nexport const app = express();\n",
      [workerPy]: 'from gevent import monkey\nmonkey.patch_all()\nimport jobs\n\n\ndef run():\n    return jobs.current_name()\n',
    };
    for (const [uri, rel] of [[mainJs, 'src/main.js'], [serverTs, 'src/server.ts'], [workerPy, 'worker.py']] as const) {
      const [diag] = await lsp().diagnostics(uri);
      const actions = await lsp().codeActions(uri, diag!);
      const edits = await lsp().execute(actions!.find((a) => a.title === ALL_ACTIONS[0])!.command!, uri);
      expect(edits.length).toBeGreaterThan(0);
      const after = applyEdits(textOf(rel), edits);
      expect(after).toBe(fixed[uri]);
      edit(uri, after);
      expect(await lsp().diagnostics(uri)).toEqual([]);
    }
  });

  it('Python: "Disable for this line" writes a // comment (server pitfall); the # directive is the one that works', async () => {
    const py = textOf('worker.py');
    edit(workerPy, py);
    const [diag] = await lsp().diagnostics(workerPy);
    expect(brief(diag!)).toEqual(WORKER_PY);
    const actions = await lsp().codeActions(workerPy, diag!);
    const disable = actions!.find((a) => a.title === `Disable ${RULE} for this line`)!;
    const edits = await lsp().execute(disable.command!, workerPy);
    // The server picks the comment syntax from the languageId and knows no Python: it writes `//`.
    expect(edits.map((e) => e.newText)).toEqual([`// eslint-disable-next-line ${RULE}\n`]);
    edit(workerPy, applyEdits(py, edits));
    const broken = await lsp().diagnostics(workerPy);
    expect(broken).toHaveLength(1);
    expect(broken[0]!.message).toMatch(/^Parsing error/);
    expect(broken[0]!.range.start.line).toBe(0);

    // The Python directive: a # comment, same syntax after the #.
    edit(workerPy, `# eslint-disable-next-line ${RULE} -- patched by the gunicorn config\n${py}`);
    expect(await lsp().diagnostics(workerPy)).toEqual([]);
    edit(workerPy, py.replace('import jobs\n', `import jobs  # eslint-disable-line ${RULE}\n`));
    expect(await lsp().diagnostics(workerPy)).toEqual([]);
    // A directive for another rule does not hide this one (the directive itself may be reported as
    // unused or naming an unknown rule, depending on which rules are registered: not asserted here).
    edit(workerPy, `# eslint-disable-next-line patch-order/no-spawn-before-fork\n${py}`);
    const shifted = { ...WORKER_PY, range: range(1, 7, 1, 11), message: WORKER_PY.message.replace('at line 3', 'at line 4') };
    expect((await lsp().diagnostics(workerPy)).filter((d) => d.code === RULE).map(brief)).toEqual([shifted]);
  });

  it('with eslint.codeAction.disableRuleComment off for Python documents, the wrong comment is not offered (JS keeps it)', async () => {
    const base = defaultSettings(ws);
    lsp().settingsFor = (scopeUri) =>
      scopeUri?.endsWith('.py')
        ? { ...base, codeAction: { ...(base.codeAction as object), disableRuleComment: { enable: false, location: 'separateLine', commentStyle: 'line' } } }
        : base;
    lsp().configurationChanged();
    edit(workerPy, textOf('worker.py'));
    edit(mainJs, textOf('src/main.js'));
    const [py] = await pollUntil(() => lsp().diagnostics(workerPy), (d) => d.length === 1, 8000);
    expect(titles(await lsp().codeActions(workerPy, py!))).toEqual([`Fix this ${RULE} problem`, `Show documentation for ${RULE}`, 'Fix all auto-fixable problems']);
    const [js] = await lsp().diagnostics(mainJs);
    expect(titles(await lsp().codeActions(mainJs, js!))).toEqual(ALL_ACTIONS);
  });

  it('suggestions (no-swallowed-cancellation, JS and Python) are offered as quick fixes, apply as ESLint computes them, and settle the problem', async () => {
    // What ESLint's Node API reports for the same files with the same config: the editor must show the same.
    const eslint = new ESLint({ cwd: ws });
    const cancel = 'patch-order/no-swallowed-cancellation';
    for (const [rel, lang, expectedRange] of [
      ['src/fetcher.js', 'javascript', range(3, 4, 3, 17)],
      // Python: reported on the `continue` that leaves the handler (one report per escaping statement).
      ['tasks.py', 'python', range(8, 12, 8, 20)],
    ] as const) {
      const [api] = await eslint.lintFiles([rel]);
      const apiMessages = api!.messages.filter((m) => m.ruleId === cancel);
      expect(apiMessages).toHaveLength(1);
      const expected = apiMessages[0]!;
      expect(expected.suggestions?.length).toBeGreaterThan(0);

      const uri = open(rel, lang);
      const items = await lsp().diagnostics(uri);
      expect(items.map(brief)).toEqual([{ code: cancel, source: 'eslint', severity: 1, range: expectedRange, message: expected.message }]);
      const actions = await lsp().codeActions(uri, items[0]!);
      const suggestionTitles = expected.suggestions!.map((sg) => `${sg.desc} (${cancel})`);
      // Python documents have the disable actions turned off since the previous test.
      const disables = lang === 'python' ? [] : [`Disable ${cancel} for this line`, `Disable ${cancel} for the entire file`];
      expect(titles(actions)).toEqual([...suggestionTitles, ...disables, `Show documentation for ${cancel}`]);
      for (const [i, sg] of expected.suggestions!.entries()) {
        const action = actions!.find((a) => a.title === suggestionTitles[i])!;
        expect(action.command?.command).toBe('eslint.applySuggestion');
        const edits = await lsp().execute(action.command!, uri);
        const text = textOf(rel);
        const after = applyEdits(text, edits);
        expect(after).toBe(text.slice(0, sg.fix.range[0]) + sg.fix.text + text.slice(sg.fix.range[1]));
        edit(uri, after);
        expect((await lsp().diagnostics(uri)).filter((d) => d.code === cancel)).toEqual([]);
        edit(uri, text);
      }
      lsp().closeDocument(uri);
    }
  });
});
