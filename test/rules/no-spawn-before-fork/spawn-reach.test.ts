/**
 * The Python spawn question asks only the modules whose text can start a spawn (spawn-reach.ts): an app module that
 * imports many modules, one of which starts a timer, has that one summarized, not the others. Counted through the
 * summaries computed, never timed; each project with its twin.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { beforeEach, describe, expect, it } from 'vitest';
import jsRule from '../../../rules/no-spawn-before-fork.js';
import { pythonTestPlugin, type AnyRule } from '../../helpers/rule-tester.js';
import { clearProjects } from '../../../src/lang/project.js';
import { resetStats, stats } from '../../../src/util/stats.js';
import { mentionsSpawn } from '../../../src/lang/python/spawn-words.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures');

function lint(project: string, file: string): string[] {
  const root = join(FIX, project);
  const path = join(root, file);
  return new Linter({ configType: 'flat' })
    .verify(
      readFileSync(path, 'utf8'),
      [
        {
          files: ['**/*.py'],
          plugins: { 'patch-order': pythonTestPlugin({ 'no-spawn-before-fork': jsRule as unknown as AnyRule }) },
          language: 'patch-order/python',
          settings: { 'patch-order': { roots: [root] } },
          rules: { 'patch-order/no-spawn-before-fork': 'error' },
        } as Linter.Config,
      ],
      path,
    )
    .map((m) => `${m.messageId ?? m.message}@${m.line}:${m.column}`);
}

beforeEach(() => {
  clearProjects();
  resetStats();
});

describe('no-spawn-before-fork (Python): only modules that can start a spawn are summarized', () => {
  it('the app imports views, models and helpers before the module that starts a timer: reported, and only that module is summarized', () => {
    expect(lint('py-gunicorn-hub-bad', 'web.py')).toEqual(['startedInServerMaster@3:6']);
    // jobs.py alone: views.py, models.py and helpers.py name no spawn.
    expect(stats.summariesComputed).toBe(1);
  });

  it('the timer started in each worker (post_fork): clean, with the same reads', () => {
    expect(lint('py-gunicorn-hub-fixed', 'web.py')).toEqual([]);
    expect(stats.summariesComputed).toBe(1);
  });
});

describe('mentionsSpawn', () => {
  it('every name before the call, as words: `threading` and `Thread`, however imported', () => {
    expect(mentionsSpawn('import threading\nthreading.Thread(target=f).start()\n')).toBe(true);
    expect(mentionsSpawn('from threading import Thread as T\nT(target=f).start()\n')).toBe(true);
    expect(mentionsSpawn('import threading\nlock = threading.Lock()\n')).toBe(false);
    expect(mentionsSpawn('# a Thread is started elsewhere\n')).toBe(false);
    expect(mentionsSpawn('import threading\nclass MyThreadHelper: pass\n')).toBe(false); // `Thread` only inside a name
    expect(mentionsSpawn('from apscheduler.schedulers.background import BackgroundScheduler\n')).toBe(true);
  });
});
