import { afterEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startService, type Service } from '../../../src/server/service.js';
import { readFeedback } from '../../../src/feedback/read.js';
import { buildReport } from '../../../src/feedback/editors-report.js';
import { createLogger } from '../../../src/util/log.js';
import { testConfig } from '../../helpers/config.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../../helpers/paths.js';
import { IN_PROCESS } from '../../helpers/service.js';

const QUESTION = '全国量子计算相关企业有多少家？';
const ADMIN = 42;

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };

describe('Telegram through serve: votes, uploads by admins, digests', () => {
  let service: Service | null = null;
  let api: FakeTelegram;
  let corpus: string;
  let stateDir: string;
  afterEach(async () => {
    await service?.stop();
    service = null;
    await api?.close();
  });

  let logs: string[] = [];
  async function start(env: Record<string, string> = {}): Promise<void> {
    api = await new FakeTelegram().start();
    logs = [];
    corpus = fixtureCorpus('issue-a.txt');
    stateDir = tempDir('state-');
    service = await startService(
      testConfig({
        TELEGRAM_BOT_TOKEN: '123456:WEEKLY-test',
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_ADMIN_IDS: String(ADMIN),
        BULLETINS_DIR: corpus,
        INDEX_DIR: tempDir('index-'),
        STATE_DIR: stateDir,
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        RETRIEVAL_MODE: 'keyword',
        INGEST_DEBOUNCE_MS: '200',
        ...env,
      }),
      createLogger('info', (l) => logs.push(l)),
      IN_PROCESS,
    );
  }
  const to = (chat: number) => api.sent().filter((p) => p.chat_id === chat);
  const textsTo = (chat: number) => to(chat).map((p) => String(p.text));
  const command = (text: string, chat: number) =>
    api.push(
      api.textMessage(text, chat, { id: chat, type: 'private' }, { entities: [{ type: 'bot_command', offset: 0, length: text.length }] }),
    );
  const file = (name: string) => readFileSync(path.join(FIXTURE_BULLETINS, name));

  it('puts 👍/👎 under every answer and logs the question and the votes with the user id hashed', async () => {
    await start();
    api.push(api.textMessage(QUESTION, 7));
    await api.waitFor(() => to(7).length >= 1);
    const row = (to(7)[0]!.reply_markup as Keyboard).inline_keyboard[0]!;
    expect(row.map((b) => b.text)).toEqual(['查看来源', '👍', '👎']);
    const down = row[2]!.callback_data;
    api.push(api.callback(row[1]!.callback_data, 7));
    api.push(api.callback(down, 7));
    await api.waitFor(() => api.sent('answerCallbackQuery').length >= 2);
    expect(api.sent('answerCallbackQuery').map((p) => p.text)).toEqual(['谢谢反馈！', '谢谢反馈，我们会据此改进回答。']);
    await service!.stop();
    service = null;

    const data = await readFeedback(stateDir);
    expect(data.answers).toHaveLength(1);
    const secret = Buffer.from(readFileSync(path.join(stateDir, 'feedback-secret'), 'utf8').trim(), 'hex');
    const hashed = createHmac('sha256', secret).update('telegram:7').digest('hex').slice(0, 16);
    expect(data.answers[0]).toMatchObject({
      channel: 'telegram',
      chat: 'private',
      user: hashed,
      question: QUESTION,
      found: true,
      retrieval: 'keyword',
    });
    expect(data.answers[0]!.citations[0]).toMatchObject({ number: 9, total: 301, pages: [17, 19] });
    expect(data.votes.map((v) => v.vote)).toEqual(['up', 'down']);
    expect(readFileSync(path.join(stateDir, 'feedback.jsonl'), 'utf8')).not.toMatch(/"user":"7"/);
    // The user's last vote counts: the answer is down-voted, with its citation.
    const report = buildReport(data, { days: 7, now: new Date() });
    expect(report.downVoted).toHaveLength(1);
    expect(report.downVoted[0]).toMatchObject({ question: QUESTION, up: 0, down: 1 });
    expect(report.downVoted[0]!.citations[0]).toContain('2031年第9期（总第301期）第17–19页');
  });

  it('takes a bulletin from an admin: parsed, stored under its cover name, ingested, described, announced once; the same issue again only when confirmed', async () => {
    await start();
    command('/subscribe', 50);
    await api.waitFor(() => textsTo(50).some((t) => t.startsWith('已订阅')));

    api.push(api.documentMessage(file('issue-b.md'), '第10期.md', 43));
    api.push(api.documentMessage(Buffer.from('x'), 'notes.docx', ADMIN));
    await api.waitFor(() => textsTo(43).length >= 1 && textsTo(ADMIN).length >= 1);
    expect(textsTo(43)).toEqual(['抱歉，我只接收管理员发送的简报文件；有问题请直接用文字提问。']);
    expect(textsTo(ADMIN)[0]).toContain('只能收录 .pdf、.txt 或 .md');
    expect(api.sent('getFile')).toHaveLength(0);

    api.push(api.documentMessage(file('bad-no-toc.txt'), 'bad.txt', ADMIN));
    await api.waitFor(() => textsTo(ADMIN).length >= 2, 30_000);
    expect(textsTo(ADMIN)[1]).toContain('无法解析“bad.txt”');
    expect(textsTo(ADMIN)[1]).toContain('no table of contents');
    expect(readdirSync(corpus)).toEqual(['issue-a.txt']);

    api.push(api.documentMessage(file('issue-b.md'), '第10期.md', ADMIN));
    await api.waitFor(() => textsTo(ADMIN).length >= 3, 30_000);
    const found = textsTo(ADMIN)[2]!;
    expect(found).toContain('《大数据发展动态》2031年第10期（总第302期），2031年3月14日，4篇文章。');
    expect(found).toContain('【国策要论】\n第1–3页　促进和规范数据跨境流动规定（2031年修订）');
    expect(found).toContain('第13页起　星云科技发布“星云·澜海”开源大模型');
    expect(found).toContain('已收录，保存为 2031-010-302.md');
    expect(readdirSync(corpus).sort()).toEqual(['2031-010-302.md', 'issue-a.txt']);
    expect(service!.state.engine!.corpus.bulletins).toHaveLength(2);
    await api.waitFor(() => textsTo(50).some((t) => t.includes('已发布')));

    // The same issue again: a choice, and nothing replaced until it is made.
    const ask = async () => {
      const before = to(ADMIN).length;
      api.push(api.documentMessage(file('issue-b.md'), 'again.md', ADMIN));
      await api.waitFor(() => to(ADMIN).length > before, 30_000);
      const reply = to(ADMIN).at(-1)!;
      expect(String(reply.text)).toContain('已经收录过了（文件 2031-010-302.md）');
      return (reply.reply_markup as Keyboard).inline_keyboard[0]!;
    };
    const [, keep] = await ask();
    api.push(api.callback(keep!.callback_data, ADMIN));
    await api.waitFor(() => textsTo(ADMIN).some((t) => t.includes('已保留原来的文件')));
    const [replace] = await ask();
    api.push(api.callback(replace!.callback_data, 99)); // a button pressed elsewhere does nothing
    api.push(api.callback(replace!.callback_data, ADMIN));
    await api.waitFor(() => textsTo(ADMIN).some((t) => t.includes('已替换并收录')), 30_000);
    expect(textsTo(99)).toEqual(['这个选择已过期，请重新发送文件。']);
    expect(readdirSync(corpus).sort()).toEqual(['2031-010-302.md', 'issue-a.txt']);
    // The replaced issue was announced before: the index switch decided (and logged, at once) that nothing is new.
    expect(logs.filter((l) => l.includes('new issue indexed'))).toHaveLength(1);
    expect(textsTo(50).filter((t) => t.includes('已发布'))).toHaveLength(1);
    // No staged file left; the (empty) list of pending choices stays.
    expect(readdirSync(path.join(stateDir, 'uploads')).filter((n) => n !== 'pending.json')).toEqual([]);
  });

  it('refuses a file over MAX_UPLOAD_MB before fetching it', async () => {
    await start({ MAX_UPLOAD_MB: '1' });
    api.push(api.documentMessage(Buffer.from('x'), 'big.pdf', ADMIN, 3 * 1048576));
    await api.waitFor(() => textsTo(ADMIN).length >= 1);
    expect(textsTo(ADMIN)[0]).toBe('“big.pdf”有 3.0 MB，超过了 1 MB 的上限，没有保存。');
    expect(api.sent('getFile')).toHaveLength(0);
  });

  it('drops a subscriber that blocked the bot, and keeps subscriptions and announced issues across a restart', async () => {
    await start();
    command('/subscribe', 60);
    command('/subscribe', 61);
    await api.waitFor(() => textsTo(60).length >= 1 && textsTo(61).length >= 1);
    api.blocked.add(60);
    const { copyFileSync } = await import('node:fs');
    copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
    await api.waitFor(() => textsTo(61).some((t) => t.includes('第10期')), 30_000);
    const subscriptions = () =>
      (JSON.parse(readFileSync(path.join(stateDir, 'subscriptions.json'), 'utf8')) as { subscriptions: unknown[] }).subscriptions;
    await api.waitFor(() => subscriptions().length === 1);
    expect(subscriptions()[0]).toMatchObject({ channel: 'telegram', chatId: '61' });

    // A restart over the same state: no second digest of the same issue.
    const config = { BULLETINS_DIR: corpus, STATE_DIR: stateDir };
    await service!.stop();
    service = await startService(
      testConfig({
        TELEGRAM_BOT_TOKEN: '123456:WEEKLY-test',
        TELEGRAM_API_ROOT: api.url,
        INDEX_DIR: tempDir('index-'),
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        RETRIEVAL_MODE: 'keyword',
        ...config,
      }),
      createLogger('silent'),
      IN_PROCESS,
    );
    // Start-up has announced what was new before it returned: nothing, the issue was announced before the restart.
    expect(textsTo(61).filter((t) => t.includes('已发布'))).toHaveLength(1);
    command('/unsubscribe', 61);
    await api.waitFor(() => textsTo(61).some((t) => t.startsWith('已取消订阅')));
    expect(existsSync(path.join(stateDir, 'digests.json'))).toBe(true);
  });
});
