import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS, channelNamed } from '../../../src/channels/registry.js';
import { startService, type Service } from '../../../src/server/service.js';
import { createLogger } from '../../../src/util/log.js';
import { testConfig } from '../../helpers/config.js';
import { fixtureCorpus, tempDir } from '../../helpers/paths.js';
import { exampleChannel } from './example-channel.js';
import { IN_PROCESS } from '../../helpers/service.js';

/** The example platform's API: records what the bot sends and edits. */
async function examplePlatform(): Promise<{ url: string; sent: Array<{ chat?: string; id?: string; text: string }>; server: Server }> {
  const sent: Array<{ chat?: string; id?: string; text: string }> = [];
  let next = 1;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      sent.push(JSON.parse(raw) as (typeof sent)[number]);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `m${next++}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent, server };
}

describe('the channel registry', () => {
  let service: Service | null = null;
  let platform: Awaited<ReturnType<typeof examplePlatform>> | null = null;
  afterAll(async () => {
    await service?.stop();
    platform?.server.close();
  });

  it('lists Telegram and Feishu, each deciding once whether it is configured', () => {
    expect(CHANNELS.map((c) => c.name)).toEqual(['telegram', 'feishu']);
    const none = testConfig({});
    expect(CHANNELS.map((c) => c.isConfigured(none))).toEqual([false, false]);
    expect(channelNamed('telegram').isConfigured(testConfig({ TELEGRAM_BOT_TOKEN: '1:x' }))).toBe(true);
    expect(channelNamed('feishu').isConfigured(testConfig({ FEISHU_APP_ID: 'cli_0123456789abcdef' }))).toBe(false);
    expect(() => channelNamed('wecom')).toThrow(/known: telegram, feishu/);
  });

  it('takes a new channel written as one file and one registry line: served, in /healthz, answering', async () => {
    platform = await examplePlatform();
    let port = 0;
    const example = exampleChannel({ api: platform.url, token: 'example-token', onListening: (p) => (port = p) });
    service = await startService(
      testConfig({
        BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
        INDEX_DIR: tempDir(),
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        RETRIEVAL_MODE: 'keyword',
      }),
      createLogger('silent'),
      { ...IN_PROCESS, channels: [...CHANNELS, example] },
    );
    const health = (await (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).json()) as unknown;
    expect(health).toMatchObject({ status: 'ok', channels: { telegram: 'off', feishu: 'off', example: 'up' } });

    const post = (body: unknown, token = 'example-token') =>
      fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'x-token': token }, body: JSON.stringify(body) });
    expect((await post({ id: 'a', chat: 'c', user: 'u', group: false, text: '全国量子计算相关企业有多少家？' })).status).toBe(200);
    expect((await post({ id: 'b', chat: 'c', user: 'u', group: false, text: 'x' }, 'wrong')).status).toBe(401);
    expect((await post({ id: 'c' })).status).toBe(400);
    const until = Date.now() + 10_000;
    while (!platform.sent.some((s) => s.text.includes('318家')) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(platform.sent.find((s) => s.text.includes('318家'))!.text).toContain('2031年第9期（总第301期）第17–19页');
    expect(((await (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).json()) as { rejected: unknown }).rejected).toEqual({
      example: { 'wrong token': 1, 'not a message': 1 },
    });
  });
});
