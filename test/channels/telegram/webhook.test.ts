import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegram, type RunningTelegram } from '../../../src/channels/telegram/run.js';
import { createLogger } from '../../../src/util/log.js';
import { engineFor } from '../../helpers/engine.js';
import { fixtureCorpus } from '../../helpers/paths.js';
import { testConfig } from '../../helpers/config.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';
import { postChunked } from '../../helpers/post.js';
import { UNTHROTTLED } from '../../helpers/service.js';

const SECRET = 'webhook-SECRET_42';
const QUESTION = '全国量子计算相关企业有多少家？';

describe('the Telegram webhook: bounded, validated, before grammY sees anything', () => {
  let api: FakeTelegram;
  let running: RunningTelegram;
  let url = '';
  const logs: string[] = [];

  beforeAll(async () => {
    api = await new FakeTelegram().start();
    const engine = await engineFor(fixtureCorpus('issue-a.txt'));
    running = await startTelegram(
      testConfig({
        TELEGRAM_BOT_TOKEN: '123456:WEBHOOK-test',
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
        TELEGRAM_WEBHOOK_PORT: '0',
      }),
      { engine, log: createLogger('info', (l) => logs.push(l)) },
      UNTHROTTLED,
    );
    url = `http://127.0.0.1:${running.address!.port}/telegram/webhook`;
  });
  afterAll(async () => {
    await running.stop();
    await api.close();
  });

  const post = (body: string, secret = SECRET, extra: RequestInit = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body,
      ...extra,
    });
  const update = (id: number, text = QUESTION) => JSON.stringify({ update_id: id, ...api.textMessage(text) });

  it('refuses a chunked body over the cap with 413, then answers the next update', async () => {
    const big = await postChunked(url, { 'x-telegram-bot-api-secret-token': SECRET }, 8 << 20);
    expect(big.status).toBe(413);
    expect(big.written).toBeLessThan(8 << 20);
    const declared = await postChunked(url, { 'x-telegram-bot-api-secret-token': SECRET, 'content-length': String(2 << 20) }, 2 << 20);
    expect(declared.status).toBe(413);
    expect((await post(update(100))).status).toBe(200);
    await api.waitFor(() => api.sent().length >= 1);
    expect(api.sent()[0]!.text).toContain('318家');
  });

  it('answers 400 to a body that is not an update, and never passes it on', async () => {
    const before = api.calls.length;
    for (const body of ['{not json', 'null', '[]', '42', '"x"', '{}', '{"update_id":"7"}', '{"update_id":-1}', '{"update_id":1.5}'])
      expect((await post(body)).status, body).toBe(400);
    expect((await post('{"update_id":5}')).status).toBe(200);
    await running.idle(2000);
    expect(api.calls.length).toBe(before);
  });

  it('refuses a wrong or missing secret and other paths; logs each reason at most once a minute, with counts in health', async () => {
    for (let i = 0; i < 20; i++) expect((await post(update(200 + i), `wrong-${i}`)).status).toBe(401);
    expect((await post(update(300), '')).status).toBe(401);
    expect((await fetch(url, { method: 'GET' })).status).toBe(404);
    expect((await fetch(url.replace('/webhook', '/other'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect(logs.filter((l) => l.includes('telegram: rejected: wrong secret token'))).toHaveLength(1);
    expect(running.health().rejected).toMatchObject({
      'wrong secret token': 21,
      'body too large': 2,
      'body is not an update': 8,
      'body is not JSON': 1,
    });
    expect(logs.join('\n')).not.toContain(SECRET);
  });
});
