// @module-tag process
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { FakeTelegram } from '../../helpers/fake-telegram.js';
import { fixtureCorpus, ROOT, tempDir } from '../../helpers/paths.js';

describe('npm run telegram (the process)', () => {
  let api: FakeTelegram;
  beforeAll(async () => {
    api = await new FakeTelegram().start();
  });
  afterAll(() => api.close());

  it('answers, then stops polling and exits cleanly on SIGTERM', async () => {
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['src/cli/telegram.ts', '--corpus', fixtureCorpus('issue-a.txt'), '--index', tempDir()],
      {
        cwd: ROOT,
        env: { ...process.env, TELEGRAM_BOT_TOKEN: '123456:PROCESS-test', TELEGRAM_API_ROOT: api.url, LOG_LEVEL: 'info' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = Date.now() + 30_000;
    while (!stderr.includes('telegram: long polling') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    api.push(api.textMessage('全国量子计算相关企业有多少家？'));
    await api.waitFor(() => api.sent().length >= 1, 15_000);
    expect(api.sent()[0]!.text).toContain('318家');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: shutting down');
    expect(stderr).not.toContain('PROCESS-test');
  });
});
