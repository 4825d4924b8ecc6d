// @module-tag process
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { FIXTURE_BULLETINS, fixtureCorpus, ROOT, tempDir } from '../helpers/paths.js';
import { runNpm } from '../helpers/run.js';

const TOKEN = '246810:WEEKLY-process-token';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The issue's must-show, end to end: the real `npm run serve` process against telegram-test-api
 * (a Bot API emulator from npm). Two chats subscribe, a third does not; a bulletin copied into
 * BULLETINS_DIR while the service runs is ingested in the background, each subscribed chat gets
 * exactly one digest naming the issue and its table of contents, a question about the new issue is
 * answered with its citation without a restart, and `npm run report` lists the question.
 */
describe('npm run serve: a new issue copied in is announced and answered, without a restart', () => {
  let server: TelegramServer;
  let child: ChildProcess;
  let stderr = '';
  const corpus = fixtureCorpus('issue-a.txt');
  const stateDir = tempDir('state-');
  const env = {
    TELEGRAM_BOT_TOKEN: TOKEN,
    BULLETINS_DIR: corpus,
    INDEX_DIR: tempDir('index-'),
    STATE_DIR: stateDir,
    HEALTH_PORT: '0',
    HEALTH_HOST: '127.0.0.1',
    RETRIEVAL_MODE: 'keyword',
    INGEST_DEBOUNCE_MS: '300',
    LOG_LEVEL: 'info',
  };

  beforeAll(async () => {
    server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 120 });
    await server.start();
    child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/serve.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, TELEGRAM_API_ROOT: server.config.apiURL },
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await until('the service to be ready', async () => stderr.includes('"service ready"'));
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await server.stop();
  });

  it('sends one digest per subscribed chat, answers about the new issue with its citation, and reports the question', async () => {
    const clients = [6001, 6002, 6003].map((id) => server.getClient(TOKEN, { timeout: 5000, userId: id, chatId: id }));
    const inbox = new Map<number, string[]>(clients.map((_, i) => [6001 + i, []]));
    // The emulator's own endpoint for a client's unread bot messages (client.getUpdates waits for one).
    const read = async () => {
      for (const id of inbox.keys()) {
        const res = await fetch(`${server.config.apiURL}/getUpdates`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: TOKEN, chatId: id }),
        });
        const { result } = (await res.json()) as { result: Array<{ message: { text: string } }> };
        for (const u of result) inbox.get(id)!.push(String(u.message.text));
      }
    };
    for (const c of clients.slice(0, 2)) await c.sendCommand(c.makeCommand('/subscribe'));
    await until('the subscriptions to be confirmed', async () => {
      await read();
      return inbox.get(6001)!.some((t) => t.startsWith('已订阅')) && inbox.get(6002)!.some((t) => t.startsWith('已订阅'));
    });

    copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
    const port = Number(/health on 127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
    const health = async () => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
    await until('the digests', async () => {
      await read();
      const h = await health();
      return (
        h.issuesIndexed === 2 && h.digestsPending === 0 && [6001, 6002].every((id) => inbox.get(id)!.some((t) => t.includes('第10期')))
      );
    });
    await new Promise((r) => setTimeout(r, 1500));
    await read();

    for (const id of [6001, 6002]) {
      const digests = inbox.get(id)!.filter((t) => t.includes('已发布'));
      expect(digests, `chat ${id}`).toHaveLength(1);
      const digest = digests[0]!;
      expect(digest).toContain('《大数据发展动态》2031年第10期（总第302期）已发布');
      expect(digest).toContain('2031年3月14日');
      // The TOC of test/fixtures/bulletins/issue-b.md as test/fixtures/bulletins.md lists it, with pages.
      expect(digest).toContain('第1–3页　促进和规范数据跨境流动规定（2031年修订）');
      expect(digest).toContain('第4–8页　青川省智慧农业发展三年行动方案（2031—2033年）');
      expect(digest).toContain('第9–12页　2031年1-2月软件和信息技术服务业运行情况');
      expect(digest).toContain('第13页起　星云科技发布“星云·澜海”开源大模型');
      expect(digest).toContain('国策要论');
      expect(digest).toContain('企业动向');
    }
    expect(inbox.get(6003)).toEqual([]);
    const h = await health();
    expect(h).toMatchObject({ subscriptions: 2, lastIngest: { result: 'ok', added: ['issue-b.md'] } });

    const [first] = clients;
    await first!.sendMessage(first!.makeMessage('1-2月软件业务收入是多少？'));
    await until('the answer', async () => {
      await read();
      return inbox.get(6001)!.some((t) => t.includes('18640亿元'));
    });
    const answer = inbox.get(6001)!.find((t) => t.includes('18640亿元'))!;
    expect(answer).toContain('2031年第10期（总第302期）第9–12页');

    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    const report = await runNpm(['run', '--silent', 'report', '--', '--days', '7'], '', { STATE_DIR: stateDir, LOG_LEVEL: 'warn' });
    expect(report.status).toBe(0);
    expect(report.stdout).toContain('asked: 1');
    expect(report.stdout).toContain('1-2月软件业务收入是多少？');
    expect(stderr).not.toContain(TOKEN);
  }, 120_000);
});
