import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startService, type Service } from '../../src/server/service.js';
import { createLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { observeFault } from './faults.js';

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const ADMINS = [42, 43];
const issueB = readFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'));

describe('uploads of one issue through serve', () => {
  let service: Service | null = null;
  let api: FakeTelegram;
  afterEach(async () => {
    await service?.stop();
    await api?.close();
  });

  it('two admins upload one issue at once as .md and .txt: one file, one index entry, a choice for the second', async () => {
    api = await new FakeTelegram().start();
    const corpus = fixtureCorpus('issue-a.txt');
    service = await startService(
      testConfig({
        TELEGRAM_BOT_TOKEN: '123456:ONE-issue-token',
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_ADMIN_IDS: ADMINS.join(','),
        BULLETINS_DIR: corpus,
        INDEX_DIR: tempDir('index-'),
        STATE_DIR: tempDir('state-'),
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        RETRIEVAL_MODE: 'keyword',
        INGEST_DEBOUNCE_MS: '200',
      }),
      createLogger('silent'),
    );
    const to = (chat: number) => api.sent().filter((p) => p.chat_id === chat);
    const last = (chat: number) => String(to(chat).at(-1)?.text ?? '');
    api.push(api.documentMessage(issueB, '第10期.md', 42));
    api.push(api.documentMessage(issueB, '第10期.txt', 43));
    await api.waitFor(() => to(42).length >= 1 && to(43).length >= 1, 60_000);
    const replies = [last(42), last(43)];
    const stored = replies.findIndex((t) => t.includes('已收录，保存为'));
    expect(stored, replies.join('\n---\n')).toBeGreaterThanOrEqual(0);
    const second = ADMINS[1 - stored]!;
    expect(last(second)).toMatch(/（总第302期）(正在由另一份上传收录|已经收录过了（文件 2031-010-302\.(md|txt)）)。要用刚发来的/);

    // The second admin replaces: still one file of the issue, and one index entry.
    const [replace] = (to(second).at(-1)!.reply_markup as Keyboard).inline_keyboard[0]!;
    api.push(api.callback(replace!.callback_data, second));
    await api.waitFor(() => last(second).includes('已替换并收录'), 60_000);
    const files = readdirSync(corpus).filter((f) => f.startsWith('2031-010-302'));
    expect(files).toHaveLength(1);
    expect(service.state.engine!.corpus.bulletins.filter((b) => b.cover.total === 302)).toHaveLength(1);
    const health = (await (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).json()) as {
      status: string;
      lastIngest: { failed: unknown[] };
    };
    expect(health).toMatchObject({ status: 'ok', problems: [] });
    expect(health.lastIngest.failed).toEqual([]);

    // A replacement of the same size with one figure changed is answered at once with its new wording.
    const changed = Buffer.from(issueB.toString('utf8').replace('18640亿元', '18650亿元'));
    expect(changed.length).toBe(issueB.length);
    api.push(api.documentMessage(changed, '第10期-更正.md', 42));
    await api.waitFor(() => last(42).includes('要用刚发来的“第10期-更正.md”替换它吗'), 60_000);
    const [fix] = (to(42).at(-1)!.reply_markup as Keyboard).inline_keyboard[0]!;
    api.push(api.callback(fix!.callback_data, 42));
    await api.waitFor(() => last(42).includes('已替换并收录'), 60_000);
    const answer = await service.state.engine!.answer('1-2月软件业务收入是多少？');
    expect(answer.text).toContain('18650亿元');
    observeFault(
      'oneIssueOneFile',
      `one stored, the other asked (“${last(second).includes('正在由另一份上传收录') ? '正在由另一份上传收录' : '已经收录过了'}…”); after 替换旧文件: ${files.join(', ')}, 1 index entry, /healthz ${health.status}; a same-size correction answered at once`,
    );
  });
});
