// @module-tag process
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fixtureCorpus, ROOT, SHARED_BULLETINS, tempDir } from '../helpers/paths.js';
import { itShared } from '../helpers/shared.js';

/**
 * The real commands as processes (`npm run test:reliability`): what reaches stdout when a library
 * or the log writes to the process's streams on its own, and the exit status the shell sees. What the
 * commands do is tested in their own process in jsonl.test.ts.
 */
describe('npm run --silent ask (the real process)', () => {
  itShared(['bulletins'], '--jsonl prints only JSON lines on stdout', () => {
    const input = '广东到2027年要累计培育多少家专精特新“小巨人”企业？\n总第153期是哪天出的？\n';
    const result = spawnSync('npm', ['run', '--silent', 'ask', '--', '--jsonl', '--corpus', SHARED_BULLETINS, '--index', tempDir()], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'info' },
    });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l) as { found: boolean; answer: string });
    expect(first!.answer).toContain('2000家');
    expect(second!.answer).toContain('2023年10月20日');
  });

  it('prints a one-line error and exits with status 1 for a missing corpus', () => {
    const result = spawnSync('npm', ['run', '--silent', 'ask', '--', '--corpus', '/nonexistent', '--index', tempDir(), '问题'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: bulletin folder not found: /nonexistent');
  });

  it('npm start (the REPL) answers piped questions and leaves at /quit', () => {
    const result = spawnSync('npm', ['start', '--silent', '--', '--corpus', fixtureCorpus('issue-a.txt'), '--index', tempDir()], {
      cwd: ROOT,
      input: '全国量子计算相关企业有多少家？\n/quit\n',
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('318家');
    expect(result.stdout).toContain('再见');
  });
});
