import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerEngine } from '../../../src/answer/engine.js';
import { startFeishu, type RunningFeishu } from '../../../src/channels/feishu/run.js';
import { createLogger } from '../../../src/util/log.js';
import { engineFor } from '../../helpers/engine.js';
import { fixtureCorpus, tempDir } from '../../helpers/paths.js';
import { testConfig } from '../../helpers/config.js';
import { FakeFeishu, messageEvent } from '../../helpers/fake-feishu.js';

const APP_ID = 'cli_0123456789abcdef';
const APP_SECRET = 'ws-app-SECRET-4242';
const QUESTION = '全国量子计算相关企业有多少家？';

describe('Feishu long connection against a fake endpoint speaking the SDK’s framed protocol', () => {
  let engine: AnswerEngine;
  let api: FakeFeishu;
  let running: RunningFeishu | null = null;
  let logs: string[] = [];

  beforeAll(async () => {
    engine = await engineFor(fixtureCorpus('issue-a.txt'));
  });
  afterEach(async () => {
    await running?.stop();
    running = null;
    await api?.close();
  });

  async function start(secret = APP_SECRET): Promise<RunningFeishu> {
    api = await new FakeFeishu(APP_SECRET).start();
    logs = [];
    const config = testConfig({ FEISHU_APP_ID: APP_ID, FEISHU_APP_SECRET: secret, FEISHU_DOMAIN: api.url, STATE_DIR: tempDir() });
    running = await startFeishu(config, { engine, log: createLogger('debug', (l) => logs.push(l)) });
    return running;
  }
  const event = (messageId: string, eventId: string) => messageEvent({ text: QUESTION, messageId, eventId }, 'unused-in-ws-mode');
  const repliesTo = (id: string) => api.replies().filter((r) => r.to === id);

  it('connects through the endpoint, answers an event, acknowledges every frame and answers pings', async () => {
    const feishu = await start();
    expect(feishu.health().state).toBe('up');
    expect(api.ws.endpointCalls).toEqual([{ appId: APP_ID, appSecret: APP_SECRET }]);
    await api.ws.waitFor(() => api.ws.pings.length >= 1);
    expect(api.ws.pings[0]!.service).toBe(42);

    const frame = api.ws.push(event('om_ws1', 'ev_ws1'));
    await api.waitFor(() => repliesTo('om_ws1').length >= 1);
    await api.ws.waitFor(() => api.ws.acks.some((a) => a.messageId === frame));
    expect(api.ws.acks.find((a) => a.messageId === frame)).toMatchObject({ code: 200, headers: { type: 'event', trace_id: 'trace_1' } });
    const card = JSON.stringify(repliesTo('om_ws1')[0]!.content);
    expect(card).toContain('318家');
    expect(card).toContain('2031年第9期（总第301期）第17–19页');
  });

  it('drops a re-delivered event and reads an event split into fragments once', async () => {
    await start();
    const first = api.ws.push(event('om_ws2', 'ev_ws2'));
    const again = api.ws.push(event('om_ws2', 'ev_ws2'));
    api.ws.push(event('om_ws3', 'ev_ws3'), 3);
    await api.waitFor(() => repliesTo('om_ws2').length >= 1 && repliesTo('om_ws3').length >= 1);
    await api.ws.waitFor(() => api.ws.acks.length >= 3);
    expect(await running!.idle(5000)).toBe(true); // whatever was taken has been answered
    expect(repliesTo('om_ws2')).toHaveLength(1);
    expect(repliesTo('om_ws3')).toHaveLength(1);
    expect(api.ws.acks.filter((a) => a.messageId === first || a.messageId === again).map((a) => a.code)).toEqual([200, 200]);
  });

  it('re-establishes a dropped connection and answers what comes after', async () => {
    const feishu = await start();
    api.ws.dropAll();
    await api.ws.waitFor(() => api.ws.connections === 2 && api.ws.openConnections === 1 && feishu.health().state === 'up', 15_000);
    expect(api.ws.endpointCalls).toHaveLength(2);
    expect(logs.join('\n')).toContain('long connection re-established');
    api.ws.push(event('om_ws4', 'ev_ws4'));
    await api.waitFor(() => repliesTo('om_ws4').length >= 1);
  });

  it('survives frames that are not frames', async () => {
    await start();
    api.ws.pushGarbage(Buffer.from([0xff, 0x01, 0x02, 0x03]));
    api.ws.push(event('om_ws5', 'ev_ws5'));
    await api.waitFor(() => repliesTo('om_ws5').length >= 1);
  });

  it('fails to start with a clear error when the endpoint refuses the app secret; no secret in the logs', async () => {
    await expect(start('wrong-SECRET-9')).rejects.toThrow(/auth failed/);
    running = null;
    expect(logs.join('\n')).not.toContain('wrong-SECRET-9');
    expect(logs.join('\n')).not.toContain(APP_SECRET);
  });
});
