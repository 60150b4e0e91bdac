// Command-line arguments of `npm run bench` (scripts/bench.mjs), apart so that tests can check them.
import path from 'node:path';

export const ONLY = ['js', 'py', 'synthetic', 'apps', 'editor'];

export const USAGE =
  'usage: node scripts/bench.mjs [--only js|py|synthetic|apps|editor] [--sizes 1000,10000,50000] [--repeat N] [--per-rule]\n' +
  '                              [--corpus DIR]… [--timeout SECONDS per run, default 240] [--concurrency off|N|auto]\n' +
  '                              [--eslint-context-fix: application rows also without ESLint\'s per-file rule-context cost]\n' +
  'applications (rows when set): PATCH_ORDER_BENCH_OUTLINE, PATCH_ORDER_BENCH_LANGFUSE, PATCH_ORDER_BENCH_NOVU,\n' +
  '  PATCH_ORDER_BENCH_PYAPP (checkout directories), PATCH_ORDER_BENCH_APPS=name=DIR,name=DIR (see scripts/bench/apps.mjs)';

/**
 * @param {string[]} argv
 * @returns {{ only: string | null, sizes: number[], repeat: number, perRule: boolean, corpus: string[], timeout: number, concurrency: string, eslintContextFix: boolean, help: boolean }}
 */
export function parseBenchArgs(argv, cwd = process.cwd()) {
  const opts = { only: null, sizes: [1000, 10000], repeat: 1, perRule: false, corpus: [], timeout: 240, concurrency: 'off', eslintContextFix: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return v;
    };
    if (name === '--only') opts.only = value();
    else if (name === '--sizes') opts.sizes = value().split(',').map((s) => Number(s.trim().replace(/k$/i, '000')));
    else if (name === '--repeat') opts.repeat = Number(value());
    else if (name === '--per-rule') opts.perRule = true;
    else if (name === '--corpus') opts.corpus.push(path.resolve(cwd, value()));
    else if (name === '--timeout') opts.timeout = Number(value());
    else if (name === '--concurrency') opts.concurrency = value();
    else if (name === '--eslint-context-fix') opts.eslintContextFix = true;
    else if (name === '--help' || name === '-h') opts.help = true;
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  if (opts.only && !ONLY.includes(opts.only)) throw new Error(`--only must be one of ${ONLY.join(', ')}`);
  if (opts.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
  if (!Number.isInteger(opts.repeat) || opts.repeat < 1) throw new Error('--repeat takes a positive integer');
  if (!(opts.timeout > 0)) throw new Error('--timeout takes a positive number of seconds');
  if (!/^(?:off|auto|[1-9]\d*)$/.test(opts.concurrency)) throw new Error('--concurrency takes off, auto or a positive integer');
  if (opts.eslintContextFix && opts.concurrency !== 'off') throw new Error('--eslint-context-fix runs without --concurrency (worker threads would each need it)');
  return opts;
}
