import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFeishu, type RunningFeishu } from '../../../src/channels/feishu/run.js';
import { createLogger } from '../../../src/util/log.js';
import { pdfPageCount } from '../../../src/vendors/pdf-lib.js';
import { testConfig } from '../../helpers/config.js';
import { cardActionEvent, deliver, FakeFeishu, messageEvent, type EventOptions } from '../../helpers/fake-feishu.js';
import { LIST_QUESTION, originalsSetup, PDF_QUESTION, type OriginalsSetup } from '../../helpers/originals.js';
import { likenessToPoppler } from '../../helpers/page-truth.js';
import { tempDir } from '../../helpers/paths.js';

const TOKEN = 'verify-token-123';
const KEY = 'encrypt-key-SECRET-456';

type Row = {
  tag: string;
  columns: Array<{ elements: Array<{ text: { content: string }; behaviors: Array<{ value: { action: string } }> }> }>;
};

describe('查看原文 and 下载原文 on Feishu cards, against a fake Open API', () => {
  let setup: OriginalsSetup;
  let api: FakeFeishu;
  let running: RunningFeishu | null = null;

  beforeAll(async () => {
    setup = await originalsSetup(createLogger('silent'));
  });
  afterAll(async () => setup?.originals.close());
  afterEach(async () => {
    await running?.stop();
    running = null;
    await api?.close();
  });

  async function start(): Promise<void> {
    api = await new FakeFeishu().start();
    const config = testConfig({
      FEISHU_APP_ID: 'cli_test',
      FEISHU_APP_SECRET: 'app-secret',
      FEISHU_DOMAIN: api.url,
      FEISHU_MODE: 'webhook',
      FEISHU_WEBHOOK_HOST: '127.0.0.1',
      FEISHU_WEBHOOK_PORT: '0',
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_ENCRYPT_KEY: KEY,
      STATE_DIR: tempDir(),
    });
    running = await startFeishu(config, {
      engine: setup.engine,
      log: createLogger('silent'),
      services: { originals: setup.originals.viewer },
    });
  }

  async function post(body: unknown): Promise<Response> {
    const { headers, payload } = deliver(body, KEY);
    return fetch(`http://127.0.0.1:${running!.port}/feishu/events`, { method: 'POST', headers, body: payload });
  }
  /** Asks, and returns the answer card's button rows as [label, action] pairs. */
  async function ask(o: EventOptions): Promise<Array<Array<[string, string]>>> {
    const before = api.replies().length;
    await post(messageEvent(o, TOKEN));
    await api.waitFor(() =>
      api
        .replies()
        .slice(before)
        .some((r) => r.msgType === 'interactive'),
    );
    const card = api
      .replies()
      .slice(before)
      .find((r) => r.msgType === 'interactive')!.content as { body: { elements: Row[] } };
    return card.body.elements
      .filter((e) => e.tag === 'column_set')
      .map((r) => r.columns.map((c) => [c.elements[0]!.text.content, c.elements[0]!.behaviors[0]!.value.action] as [string, string]));
  }
  const press = async (action: string, chatId: string) =>
    (await post(cardActionEvent({ action, chatId, openId: 'ou_reader' }, TOKEN))).json() as Promise<unknown>;
  const ofType = (type: string) => api.replies().filter((r) => r.msgType === type);

  it('uploads the cited page and replies with one image in the answer’s thread, then one file; nothing in another chat', async () => {
    await start();
    const rows = await ask({ text: PDF_QUESTION, chatId: 'oc_reader', messageId: 'om_q1', threadId: 'omt_1' });
    expect(rows.map((r) => r.map(([label]) => label))).toEqual([
      ['👍', '👎'],
      ['查看原文', '下载原文'],
    ]);
    const [[, page], [, pdf]] = rows[1] as [[string, string], [string, string]];

    expect(await press(page, 'oc_elsewhere')).toEqual({ toast: { type: 'success', content: '这个回答的来源已过期，请重新提问。' } });
    expect(await press(page, 'oc_reader')).toEqual({ toast: { type: 'success', content: '正在准备原文，请稍候…' } });
    await api.waitFor(() => ofType('image').length >= 1, 30_000);
    await press(pdf, 'oc_reader');
    await api.waitFor(() => ofType('file').length >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 500));

    expect(ofType('image')).toHaveLength(1);
    expect(ofType('file')).toHaveLength(1);
    // Replies to the question, in its thread, as the answer went; nothing sent to any chat on its own.
    for (const r of api.replies()) expect(r).toMatchObject({ to: 'om_q1', inThread: true });
    expect(api.created()).toHaveLength(0);

    const image = api.uploads.get(String(ofType('image')[0]!.content.image_key))!;
    const likeness = await likenessToPoppler(setup.pdf, 9, image.bytes);
    expect(likeness.indexOf(Math.max(...likeness)) + 1).toBe(4);
    const file = api.uploads.get(String(ofType('file')[0]!.content.file_key))!;
    expect(file.fileName).toBe('大数据发展动态2031年第14期（总第306期）-关于加快公共算力服务体系建设的指导意见.pdf');
    expect(await pdfPageCount(file.bytes)).toBe(2);
    const captions = ofType('text').map((r) => r.content.text);
    expect(captions).toEqual([
      '《大数据发展动态》2031年第14期（总第306期）第1页《关于加快公共算力服务体系建设的指导意见》',
      '《大数据发展动态》2031年第14期（总第306期）第1–2页《关于加快公共算力服务体系建设的指导意见》，共2页',
    ]);
  });

  it('offers the sources of a list answer as a choice card, and sends the one chosen', async () => {
    await start();
    const rows = await ask({ text: LIST_QUESTION, chatId: 'oc_reader', messageId: 'om_q2' });
    await press(rows[1]![1]![1], 'oc_reader');
    await api.waitFor(() => api.replies().filter((r) => r.msgType === 'interactive').length >= 2);
    const choice = api.replies().filter((r) => r.msgType === 'interactive')[1]!.content as { body: { elements: Row[] } };
    const options = choice.body.elements.filter((e) => e.tag === 'column_set').map((r) => r.columns[0]!.elements[0]!);
    expect(options).toHaveLength(4);
    await press(options[1]!.behaviors[0]!.value.action, 'oc_reader');
    await api.waitFor(() => ofType('file').length >= 1, 30_000);
    const file = api.uploads.get(String(ofType('file')[0]!.content.file_key))!;
    expect(file.fileName).toBe('大数据发展动态2031年第14期（总第306期）-澜江省2031年一季度数字经济运行情况通报.pdf');
    expect(await pdfPageCount(file.bytes)).toBe(2);
    expect(ofType('image')).toHaveLength(0);
  });
});
