// One bench measurement in a fresh process: lint the given files with the given rules (possibly none)
// through the ESLint class, then print one JSON line with times, peak RSS and the plugin's work counters.
// Usage: node scripts/bench/child.mjs <spec.json>
// spec: { cwd, files: string[], lang: 'js'|'py', rules: string[], dist: '<abs>/dist/src', extraConfigs?: object[],
//         eslintContextFix?: boolean (scripts/bench/eslint-context.mjs: a diagnostic, not what users run) }
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const t0 = performance.now();
const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const { ESLint } = await import('eslint');
const { loadPlugin, configFor } = await import('./plugin-config.mjs');
const { plugin, python } = await loadPlugin(spec.dist);

const out = { files: 0, problems: 0, fatal: 0, byRule: {}, parseMs: 0, rulesMs: {}, lintMs: 0 };
try {
  if (spec.eslintContextFix) {
    // Worker threads would each need the replacement: the diagnostic runs on the main thread only.
    if (spec.concurrency && spec.concurrency !== 'off') throw new Error('--eslint-context-fix runs without --concurrency');
    (await import('./eslint-context.mjs')).keepRuleContextsOwn();
    out.eslintContextFix = true;
  }
  let options;
  if (spec.concurrency && spec.concurrency !== 'off') {
    // Worker threads cannot receive a plugin object: give ESLint a config file that builds the same config.
    const configFile = path.join(path.dirname(process.argv[2]), 'eslint.config.mjs');
    const helper = pathToFileURL(path.join(path.dirname(new URL(import.meta.url).pathname), 'plugin-config.mjs')).href;
    writeFileSync(
      configFile,
      `import { loadPlugin, configFor } from ${JSON.stringify(helper)};\n` +
        `const { plugin, python } = await loadPlugin(${JSON.stringify(spec.dist)});\n` +
        `export default configFor(${JSON.stringify(spec.lang)}, plugin, python, ${JSON.stringify(spec.rules)}, ${JSON.stringify(spec.extraConfigs ?? [])});\n`,
    );
    const c = spec.concurrency;
    options = { overrideConfigFile: configFile, concurrency: /^\d+$/.test(String(c)) ? Number(c) : c };
  } else {
    options = { overrideConfigFile: true, overrideConfig: configFor(spec.lang, plugin, python, spec.rules, spec.extraConfigs ?? []) };
  }
  const eslint = new ESLint({ cwd: spec.cwd, errorOnUnmatchedPattern: false, stats: true, ...options });
  const startup = performance.now() - t0;
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const results = await eslint.lintFiles(spec.files);
  out.lintMs = performance.now() - t1;
  // CPU time of this process (all its threads): much less disturbed than wall time by other load.
  const c2 = process.cpuUsage(c1);
  out.cpuMs = (c2.user + c2.system) / 1000;
  out.startupMs = startup;
  for (const r of results) {
    out.files++;
    for (const m of r.messages) {
      if (m.fatal) out.fatal++;
      else if (m.ruleId?.startsWith('patch-order/')) {
        out.problems++;
        out.byRule[m.ruleId] = (out.byRule[m.ruleId] ?? 0) + 1;
      }
    }
    for (const pass of r.stats?.times?.passes ?? []) {
      out.parseMs += pass.parse?.total ?? 0;
      for (const [id, t] of Object.entries(pass.rules ?? {})) out.rulesMs[id] = (out.rulesMs[id] ?? 0) + (t.total ?? 0);
    }
  }
} catch (error) {
  out.error = String(error?.message ?? error).split('\n')[0];
}
// The plugin's work counters (src/util/stats.ts): the same module instance the plugin loaded.
const statsFile = path.join(spec.dist, 'util', 'stats.js');
if (existsSync(statsFile)) out.stats = { ...(await import(pathToFileURL(statsFile).href)).stats };
out.maxRssMiB = process.resourceUsage().maxRSS / 1024;
out.totalMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify(out)}\n`);
