import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTelegram, type RunningTelegram } from '../../../src/channels/telegram/run.js';
import { createLogger } from '../../../src/util/log.js';
import { decodeImage } from '../../../src/vendors/canvas.js';
import { pdfPageCount } from '../../../src/vendors/pdf-lib.js';
import { testConfig } from '../../helpers/config.js';
import { FakeTelegram, type SentFile } from '../../helpers/fake-telegram.js';
import { LIST_QUESTION, originalsSetup, PDF_QUESTION, TEXT_QUESTION, type OriginalsSetup } from '../../helpers/originals.js';
import { likenessToPoppler } from '../../helpers/page-truth.js';
import { UNTHROTTLED } from '../../helpers/service.js';
import { tempDir } from '../../helpers/paths.js';

const TOKEN = '123456:TEST-token_SECRET';
type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };

describe('查看原文 and 下载原文 in Telegram, against a fake Bot API server', () => {
  let setup: OriginalsSetup;
  let api: FakeTelegram;
  let running: RunningTelegram | null = null;
  const logs: string[] = [];

  beforeAll(async () => {
    setup = await originalsSetup(createLogger('debug', (l) => logs.push(l)));
  });
  afterAll(async () => setup?.originals.close());
  afterEach(async () => {
    await running?.stop();
    running = null;
    await api?.close();
  });

  async function start(): Promise<void> {
    api = await new FakeTelegram().start();
    const config = testConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.url, STATE_DIR: tempDir() });
    running = await startTelegram(
      config,
      { engine: setup.engine, log: createLogger('debug', (l) => logs.push(l)), services: { originals: setup.originals.viewer } },
      UNTHROTTLED,
    );
  }

  /** Asks in a private chat and returns the answer's keyboard rows. */
  async function ask(question: string, chat: number): Promise<Keyboard['inline_keyboard']> {
    const before = api.sent().length;
    api.push(api.textMessage(question, chat));
    await api.waitFor(() => api.sent().length > before);
    return (api.sent().at(-1)!.reply_markup as Keyboard).inline_keyboard;
  }
  const photosTo = (chat: number) => api.sent('sendPhoto').filter((p) => p.chat_id === chat);
  const documentsTo = (chat: number) => api.sent('sendDocument').filter((p) => p.chat_id === chat);
  const settle = () => new Promise((r) => setTimeout(r, 500));

  it('sends one photo of the cited page and one PDF of the article, to the answer’s chat only', async () => {
    await start();
    const rows = await ask(PDF_QUESTION, 42);
    expect(rows[0]!.map((b) => b.text)).toEqual(['查看来源', '👍', '👎']);
    expect(rows[1]!.map((b) => b.text)).toEqual(['查看原文', '下载原文']);
    const [page, pdf] = rows[1]!;
    expect(Buffer.byteLength(page!.callback_data)).toBeLessThanOrEqual(64);

    // Pressed in another chat (a forwarded keyboard): refused, nothing sent there.
    api.push(api.callback(page!.callback_data, 43));
    api.push(api.callback(pdf!.callback_data, 43));
    await api.waitFor(() => api.sent('answerCallbackQuery').length >= 2);
    expect(api.sent('answerCallbackQuery').map((c) => c.text)).toEqual([
      '这个回答的来源已过期，请重新提问。',
      '这个回答的来源已过期，请重新提问。',
    ]);

    api.push(api.callback(page!.callback_data, 42));
    await api.waitFor(() => photosTo(42).length >= 1, 30_000);
    api.push(api.callback(pdf!.callback_data, 42));
    await api.waitFor(() => documentsTo(42).length >= 1, 30_000);
    await settle();

    expect(api.sent('sendPhoto')).toHaveLength(1);
    expect(api.sent('sendDocument')).toHaveLength(1);
    expect([...photosTo(43), ...documentsTo(43), ...api.sent().filter((m) => m.chat_id === 43)]).toHaveLength(0);
    expect(api.sent('answerCallbackQuery').at(-1)!.text).toBe('正在准备原文，请稍候…');

    const photo = photosTo(42)[0]!;
    expect(photo.caption).toBe('《大数据发展动态》2031年第14期（总第306期）第1页《关于加快公共算力服务体系建设的指导意见》');
    const png = (photo.photo as SentFile).bytes;
    expect((await decodeImage(png)).width).toBe(1200);
    const likeness = await likenessToPoppler(setup.pdf, 9, png);
    expect(likeness.indexOf(Math.max(...likeness)) + 1).toBe(4); // printed page 1 is the PDF's 4th

    const document = documentsTo(42)[0]!;
    const file = document.document as SentFile;
    expect(file.fileName).toBe('大数据发展动态2031年第14期（总第306期）-关于加快公共算力服务体系建设的指导意见.pdf');
    expect(await pdfPageCount(file.bytes)).toBe(2); // TOC: pages 1–2
    expect(document.caption).toBe('《大数据发展动态》2031年第14期（总第306期）第1–2页《关于加快公共算力服务体系建设的指导意见》，共2页');
  });

  it('offers a choice when the answer has several sources, and sends the one chosen', async () => {
    await start();
    const rows = await ask(LIST_QUESTION, 42);
    api.push(api.callback(rows[1]![0]!.callback_data, 42));
    await api.waitFor(() => api.sent().some((m) => String(m.text).startsWith('这个回答有4个来源')));
    const choice = api.sent().find((m) => String(m.text).startsWith('这个回答有4个来源'))!;
    const options = (choice.reply_markup as Keyboard).inline_keyboard.map((r) => r[0]!);
    expect(options.map((o) => o.text)).toEqual([
      '[1] 2031年第14期第1–2页《关于加快公共算力服务体系…》',
      '[2] 2031年第14期第3–4页《澜江省2031年一季度数…》',
      '[3] 2031年第14期第5页《2031年一季度数据中心…》',
      '[4] 2031年第14期第6页起《远帆智能发布工业质检视觉…》',
    ]);
    api.push(api.callback(options[2]!.callback_data, 42));
    await api.waitFor(() => photosTo(42).length >= 1, 30_000);
    await settle();
    expect(api.sent('sendPhoto')).toHaveLength(1);
    expect(photosTo(42)[0]!.caption).toBe('《大数据发展动态》2031年第14期（总第306期）第5页《2031年一季度数据中心市场监测报告》');
  });

  it('answers from a text bulletin with the paragraph, the quote in bold, and no download', async () => {
    await start();
    const rows = await ask(TEXT_QUESTION, 42);
    expect(rows[1]!.map((b) => b.text)).toEqual(['查看原文']);
    const before = api.sent().length;
    api.push(api.callback(rows[1]![0]!.callback_data, 42));
    await api.waitFor(() => api.sent().length > before);
    const reply = api.sent().at(-1)!;
    expect(reply.parse_mode).toBe('HTML');
    expect(reply.text).toContain('<i>《大数据发展动态》2031年第10期（总第302期）第9–12页《2031年1-2月软件和信息技术服务业运行情况》</i>');
    expect(reply.text).toMatch(/<b>1-2月，全国软件和信息技术服务业规模以上企业超过3\.9万家，累计完成软件业务收入18640亿元[^<]*<\/b>/);
    expect(api.sent('sendPhoto')).toHaveLength(0);
  });

  it('says one polite sentence when the PDF has gone, and logs why', async () => {
    await start();
    const rows = await ask(PDF_QUESTION, 42);
    const { renameSync } = await import('node:fs');
    const file = `${setup.corpus}/issue-c.pdf`;
    renameSync(file, `${file}.away`);
    try {
      const before = api.sent().length;
      api.push(api.callback(rows[1]![0]!.callback_data, 42));
      await api.waitFor(() => api.sent().length > before);
      expect(api.sent().at(-1)!.text).toBe('抱歉，这一期简报的原文件已不在资料库中，暂时无法查看原文。');
      expect(api.sent('sendPhoto')).toHaveLength(0);
      expect(logs.some((l) => l.includes('original view: missing'))).toBe(true);
    } finally {
      renameSync(`${file}.away`, file);
    }
  });
});
