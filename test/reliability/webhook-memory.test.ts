import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeFeishu, deliver, feishuSignature, messageEvent } from '../helpers/fake-feishu.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { fixtureCorpus, ROOT, tempDir } from '../helpers/paths.js';
import { postChunked } from '../helpers/post.js';
import { memoryPeak, observe } from './figures.js';

const BODY = 64 << 20;
const SECRET = 'MEMORY_webhook_secret';
const KEY = 'MEMORY-encrypt-key';
const TOKEN = 'MEMORY-token';

/** The resident set size of another process, from /proc (Linux). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/**
 * `npm run serve` as its own process (node with tsx, so the pid is the server's), with both
 * webhooks; a 64 MB body is sent chunked to each, with the right credentials, and the server's
 * memory is sampled from /proc while it arrives.
 */
describe('a 64 MB chunked body to each webhook of the serve process', () => {
  let telegram: FakeTelegram;
  let feishu: FakeFeishu;
  let child: ChildProcess;
  let stderr = '';
  let tgUrl = '';
  let feishuUrl = '';

  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
    feishu = await new FakeFeishu().start();
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/serve.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
        INDEX_DIR: tempDir(),
        STATE_DIR: tempDir(),
        RETRIEVAL_MODE: 'keyword',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        TELEGRAM_BOT_TOKEN: '123456:MEMORY-token',
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
        TELEGRAM_WEBHOOK_PORT: '0',
        FEISHU_APP_ID: 'cli_memory',
        FEISHU_APP_SECRET: 'memory-app-secret',
        FEISHU_DOMAIN: feishu.url,
        FEISHU_MODE: 'webhook',
        FEISHU_WEBHOOK_HOST: '127.0.0.1',
        FEISHU_WEBHOOK_PORT: '0',
        FEISHU_VERIFICATION_TOKEN: TOKEN,
        FEISHU_ENCRYPT_KEY: KEY,
      },
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const until = Date.now() + 60_000;
    while (!stderr.includes('service ready') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const port = (pattern: RegExp) => pattern.exec(stderr)?.[1];
    tgUrl = `http://127.0.0.1:${port(/telegram: webhook on [\d.]+:(\d+)/)}/telegram/webhook`;
    feishuUrl = `http://127.0.0.1:${port(/feishu: events on [\d.]+:(\d+)/)}/feishu/events`;
  });
  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await telegram.close();
    await feishu.close();
  });

  /** Sends `BODY` chunked while sampling the server's RSS; growth is measured from a settled baseline. */
  async function probe(url: string, headers: Record<string, string>) {
    await new Promise((r) => setTimeout(r, 300));
    const baseline = rssOf(child.pid!);
    const peak = memoryPeak(() => rssOf(child.pid!));
    // An attacker's client: it sends all 64 MB whatever the answer, until the server cuts it off.
    const result = await postChunked(url, headers, BODY, { ignoreAnswer: true });
    await new Promise((r) => setTimeout(r, 200));
    const growthMiB = peak() - Math.round(baseline / 2 ** 20);
    return { ...result, growthMiB };
  }

  it('Telegram: refused with 413, the process grows by less than 48 MiB, and the next update is answered', async () => {
    const tg = (body: string) =>
      fetch(tgUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
    expect((await tg(JSON.stringify({ update_id: 1, ...telegram.textMessage('1-2月软件业务收入是多少？', 41) }))).status).toBe(200);
    await telegram.waitFor(() => telegram.sent().length >= 1, 20_000);

    const big = await probe(tgUrl, { 'x-telegram-bot-api-secret-token': SECRET });
    const next = await tg(JSON.stringify({ update_id: 2, ...telegram.textMessage('全国量子计算相关企业有多少家？', 42) }));
    await telegram.waitFor(() => telegram.sent().some((p) => p.chat_id === 42), 20_000).catch(() => {});
    const answered = telegram.sent().filter((p) => p.chat_id === 42 && String(p.text).includes('318家')).length;
    observe(
      'tgChunked',
      `${big.status}; client cut off after ${(big.written / 2 ** 20).toFixed(0)} of 64 MB, dropped unread; RSS +${big.growthMiB} MiB; next update ${next.status}, ${answered} reply`,
      { growthMiB: big.growthMiB, writtenBytes: big.written },
    );
    expect(big.status).toBe(413);
    expect(big.growthMiB).toBeLessThan(48);
    expect(next.status).toBe(200);
    expect(answered).toBe(1);
  });

  it('Feishu: refused with 413, the process grows by less than 48 MiB, and the next event is answered', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    // Signed headers put the request on the signed path (1 MB cap); the body never completes, so the signature is never checked.
    const headers = {
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': 'n',
      'x-lark-signature': feishuSignature(timestamp, 'n', KEY, ''),
    };
    const big = await probe(feishuUrl, headers);
    const { headers: h, payload } = deliver(
      messageEvent({ text: '全国量子计算相关企业有多少家？', messageId: 'om_after_big' }, TOKEN),
      KEY,
    );
    const next = await fetch(feishuUrl, { method: 'POST', headers: h, body: payload });
    await feishu.waitFor(() => feishu.replies().some((r) => r.to === 'om_after_big'), 20_000).catch(() => {});
    const answered = feishu.replies().filter((r) => r.to === 'om_after_big').length;
    observe(
      'feishuChunked',
      `${big.status}; client cut off after ${(big.written / 2 ** 20).toFixed(0)} of 64 MB, dropped unread; RSS +${big.growthMiB} MiB; next event ${next.status}, ${answered} reply`,
      { growthMiB: big.growthMiB, writtenBytes: big.written },
    );
    expect(big.status).toBe(413);
    expect(big.growthMiB).toBeLessThan(48);
    expect(next.status).toBe(200);
    expect(answered).toBe(1);
  });
});
