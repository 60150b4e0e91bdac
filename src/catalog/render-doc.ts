import type { Activation, PatcherEntry, TargetsWhen } from './types.js';
import { jsPatchers, jsPackageLoads } from './js-patchers.js';
import { pythonPatchers } from './python-patchers.js';

/*
 * docs/catalog.md is generated from the catalog data (npm run docs:catalog) and checked for drift by
 * test/catalog-doc.test.ts, so the page never disagrees with what the rules use.
 */

function activation(a: Activation): string {
  if (a.kind === 'side-effect') return `\`import '${a.module}'\``;
  if (a.kind === 'mock') return `\`${a.callee}(…)\``;
  const call = a.call === '' ? '(…)' : `.${a.call}(…)`;
  const kw = a.kwargTargets ? ` (${Object.keys(a.kwargTargets).map((k) => `${k}=False`).join(', ')} narrow it)` : '';
  return `\`${a.module}\`${call.replace(/\(\)\./g, '(…).')}${kw}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function targets(e: PatcherEntry): string {
  const list = e.targets.length > 8 ? `${e.targets.slice(0, 8).join(', ')} … (${e.targets.length})` : e.targets.join(', ') || '—';
  const flags = [e.captureOnly ? 'copies only' : '', e.esmNeedsPreload ? 'ESM: preload only' : ''].filter(Boolean).join('; ');
  return flags ? `${list} (${flags})` : list;
}

function code(names: readonly string[]): string {
  return names.length ? names.map((n) => `\`${n}\``).join(', ') : 'nothing';
}

function optionCase(w: TargetsWhen): string {
  const when = w.present ? `\`${w.option}\` is set` : `\`${w.option}: ${JSON.stringify(w.equals)}\``;
  return `${when} → ${w.targets.length ? `${w.targets.length} targets` : 'no target'}`;
}

/** One paragraph per patcher with a vendor list or options: the whole target list, where it comes from, what narrows it. */
function details(entries: readonly PatcherEntry[]): string {
  return entries
    .filter((e) => e.family === 'instrument-first' || e.replacedExports || e.targetsWhen)
    .map((e) => {
      const lines = [`### \`${e.id}\``, '', `Targets (${e.targets.length}${e.targetsWhen ? ', by default' : ''}): ${code(e.targets)}.`];
      if (e.targetsWhen) {
        lines.push('', `Options of the activation call, read when written as an object literal (else the default): ${e.targetsWhen.map(optionCase).join('; ')}.`);
        const lists = new Map<string, string[]>();
        for (const w of e.targetsWhen) if (w.targets.length && w.targets.join() !== e.targets.join()) lists.set(w.targets.join(), w.targets);
        for (const list of lists.values()) lines.push(`Targets then (${list.length}): ${code(list)}.`);
      }
      if (e.enableCalls) {
        const renamed = Object.entries(e.enableCalls.targets ?? {}).map(([name, mods]) => `\`${name}\` → ${code(mods)}`).join('; ');
        const calls = e.enableCalls.calls.map((c) => `\`${c.replace(/\(\)\./g, '(…).')}('name')\``).join(', ');
        lines.push('', `Integrations turned on one by one: ${calls} on \`${e.enableCalls.module}\`; the name is the module${renamed ? `, except ${renamed}` : ''}.`);
      }
      if (e.replacedExports) {
        const replaced = Object.entries(e.replacedExports).map(([mod, names]) => names.map((n) => `\`${mod}.${n}\``).join(', ')).join(', ');
        lines.push('', `Replaced on the module object (a copy taken before the activation keeps the original): ${replaced}. A copy of any other export is not reported.`);
      }
      if (e.copyOnlyTargets) lines.push('', `Loaded first without harm (wrapped in place when next required; only a copy counts): ${code(e.copyOnlyTargets.filter((t) => e.targets.includes(t) || e.targetsWhen?.some((w) => w.targets.includes(t))))}.`);
      lines.push('', `Source: ${e.source ?? 'not recorded'}.`);
      return lines.join('\n');
    })
    .join('\n\n');
}

function table(entries: readonly PatcherEntry[]): string {
  const rows = entries.map((e) => `| \`${e.id}\` | ${cell(e.title)} | ${cell(e.activations.map(activation).join('<br>'))} | ${cell(targets(e))} | ${cell(e.symptom)} |`);
  return ['| id | patcher | activation | must see first | symptom when late |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderCatalogDoc(): string {
  const loads = Object.entries(jsPackageLoads)
    .map(([pkg, mods]) => `\`${pkg}\` → ${mods.join(', ')}`)
    .join('; ');
  return `# The patcher catalog

<!-- Generated from src/catalog by \`npm run docs:catalog\`; test/catalog-doc.test.ts checks it. -->

\`no-import-before-patch\` knows a patcher by this data. Add or replace entries with the rule's
\`patchers\` option (same shape; an entry with a built-in id replaces it).

## Shape

| field | meaning |
| --- | --- |
| \`id\` | stable id used in messages and options |
| \`language\` | \`js\` or \`python\` |
| \`title\` | the name used in messages |
| \`family\` | \`instrument-first\`, \`polyfill-first\`, \`env-first\`, \`mock-before-import\`, \`monkey-patch\` |
| \`activations\` | \`{ kind: 'call', module, call }\` — \`call\` is a path from the module's export: \`init\`, \`''\` (the export itself), \`setup().start\`, \`new NodeSDK().start\`; Python calls may list \`kwargTargets\` (keyword → targets it removes when false); \`{ kind: 'side-effect', module }\` — loading the module activates it; \`{ kind: 'mock', callee }\` — a mock call whose first argument names the target |
| \`targets\` | module names that must load after the activation; \`<local>\` = any project file; \`process.env\` = module-level env reads; \`<mocked>\` = the mocked specifier |
| \`captureOnly\` | only names copied out of a target before the activation break; loading first is fine |
| \`loadTargets\`, \`directLoadTargets\` | for capture-only patchers: targets whose load breaks anyway (any load / loads by project code) |
| \`esmNeedsPreload\` | in native ES modules only a preload flag (\`--import\`) works |
| \`preloads\` | preload specifiers that activate it (matched against \`package.json\` scripts) |
| \`targetsWhen\` | cases \`{ option, present: true \\| equals, targets }\`: options of the activation call that choose the targets, read only when written as an object literal; the first case that matches wins, an unknown value keeps \`targets\` |
| \`enableCalls\` | \`{ module, calls, targets }\`: calls that turn one integration on by name after the activation (\`tracer.use('pg')\`) |
| \`replacedExports\` | per target, the exports replaced on the module object; only copies of these (taken once: \`const { request } = require('http')\`, a named import in native ESM) are reported |
| \`copyOnlyTargets\` | targets whose earlier load is harmless (wrapped in place when next required); only a copy counts |
| \`symptom\` | what users see at run time when the order is wrong |
| \`source\` | the vendor page (and version) the contract and the target list come from |

## JavaScript and TypeScript (${jsPatchers.length} entries)

${table(jsPatchers)}

Packages known to load targets when they load (used without \`node_modules\`): ${loads}.

### What each agent patches

An agent's targets are the modules its vendor lists as instrumented, for the agent version named in the source.
A module outside the list is not reported for that agent, whatever the order. Left out everywhere:
instrumentations that only subscribe to \`diagnostics_channel\` (undici and \`fetch\` in OpenTelemetry, Sentry,
New Relic and Elastic), which see requests of a module loaded earlier too.

${details(jsPatchers)}

## Python (${pythonPatchers.length} entries)

${table(pythonPatchers)}

Standard-library modules are leaves whose import-time loads come from \`src/lang/python/stdlib-imports.json\`
(generated by \`scripts/gen-python-stdlib-imports.py\` from \`python3 -X importtime\`). Third-party packages and
their public submodules come from \`src/lang/python/package-loads.json\`, generated by
\`scripts/gen-python-package-loads.py\` the same way from the installed packages (Debian python3-* packages; each
entry names the Debian package and version it was measured with); \`src/lang/python/third-party-imports.ts\` adds
hand-kept entries only for packages that could not be installed there, and applies the measured copies out of
\`ssl\` as captures.
`;
}
