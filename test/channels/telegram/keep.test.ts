import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startService, type Service } from '../../../src/server/service.js';
import type { Logger } from '../../../src/util/log.js';
import { testConfig } from '../../helpers/config.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../../helpers/paths.js';
import { IN_PROCESS } from '../../helpers/service.js';

const ADMIN = 42;
const QUESTION = '星海市低空物流航线每架次补贴多少？';
const ISSUE_A = readFileSync(path.join(FIXTURE_BULLETINS, 'issue-a.txt'), 'utf8');
/** issue-a.txt as an editor might save it by mistake: the table of contents heading deleted. */
const NO_TOC = ISSUE_A.replace('本期要目', '');

describe('Telegram through serve: a served issue overwritten by a broken file', () => {
  let service: Service | null = null;
  let api: FakeTelegram;
  let corpus: string;
  const warnings: string[] = [];
  const log: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  afterEach(async () => {
    await service?.stop();
    service = null;
    await api?.close();
  });

  async function start(): Promise<void> {
    api = await new FakeTelegram().start();
    corpus = fixtureCorpus('issue-a.txt');
    service = await startService(
      testConfig({
        TELEGRAM_BOT_TOKEN: '123456:KEEP-test',
        TELEGRAM_API_ROOT: api.url,
        TELEGRAM_ADMIN_IDS: String(ADMIN),
        BULLETINS_DIR: corpus,
        INDEX_DIR: tempDir('index-'),
        STATE_DIR: tempDir('state-'),
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        RETRIEVAL_MODE: 'keyword',
        INGEST_DEBOUNCE_MS: '200',
      }),
      log,
      IN_PROCESS,
    );
  }
  const textsTo = (chat: number) =>
    api
      .sent()
      .filter((p) => p.chat_id === chat)
      .map((p) => String(p.text));
  const askAndWait = async (chat: number) => {
    const before = textsTo(chat).length;
    api.push(api.textMessage(QUESTION, chat));
    await api.waitFor(() => textsTo(chat).length > before);
    return textsTo(chat).at(-1)!;
  };
  const healthz = async () => (await (await fetch(`http://127.0.0.1:${service!.healthPort}/healthz`)).json()) as Record<string, unknown>;
  const ingestedAfter = async (count: number) =>
    api.waitFor(() => (service!.state.weekly?.lastIngest?.reason.startsWith('files changed') ?? false) && warnings.length >= count, 30_000);

  it('answers from the version indexed before, says so in the log and /healthz, announces nothing, and serves the fix', async () => {
    await start();
    api.push(
      api.textMessage('/subscribe', 50, { id: 50, type: 'private' }, { entities: [{ type: 'bot_command', offset: 0, length: 10 }] }),
    );
    await api.waitFor(() => textsTo(50).some((t) => t.startsWith('已订阅')));
    const good = await askAndWait(7);
    expect(good).toContain('每架次补贴300元');
    expect(good).toContain('2031年第9期（总第301期）第11–16页');

    writeFileSync(path.join(corpus, 'issue-a.txt'), NO_TOC);
    await ingestedAfter(1);
    const last = service!.state.weekly!.lastIngest!;
    expect(last).toMatchObject({ result: 'partial', issues: 1, updated: [], failed: [{ file: 'issue-a.txt' }] });
    expect(last.failed[0]!.kept).toMatchObject({ issue: { total: 301, number: 9 } });
    expect(
      warnings.some((w) =>
        /^new version not indexed: issue-a\.txt: no table of contents.*still serving the version indexed .*总第301期/.test(w),
      ),
    ).toBe(true);
    const health = await healthz();
    expect(health).toMatchObject({ status: 'degraded', issuesIndexed: 1 });
    expect(health.problems).toEqual([
      `issue-a.txt: no table of contents (本期要目); still serving the version indexed at ${last.failed[0]!.kept!.indexedAt} (2031年第9期（总第301期，2031-03-07）)`,
    ]);
    expect(await askAndWait(7)).toBe(good);

    writeFileSync(path.join(corpus, 'issue-a.txt'), ISSUE_A.replace('每架次补贴300元', '每架次补贴320元'));
    await api.waitFor(() => service!.state.weekly!.lastIngest!.updated.length === 1, 30_000);
    await api.waitFor(() => service!.state.engine!.corpus.chunks.some((c) => c.text.includes('320元')), 10_000);
    expect(await askAndWait(7)).toContain('每架次补贴320元');
    expect((await healthz()).problems).toEqual([]);
    // The same issue all along: no digest, however its file changed.
    expect(textsTo(50).filter((t) => t.includes('已发布'))).toEqual([]);
  }, 90_000);

  it('tells an admin whose replacement does not parse that the served issue stays, and why the file was refused', async () => {
    await start();
    const upload = async (content: Buffer, name: string) => {
      const before = textsTo(ADMIN).length;
      api.push(api.documentMessage(content, name, ADMIN));
      await api.waitFor(() => textsTo(ADMIN).length > before, 30_000);
      return textsTo(ADMIN).at(-1)!;
    };
    // Its cover says 总第301期: the issue it was meant to replace.
    const byCover = await upload(Buffer.from(NO_TOC), '第9期修订.txt');
    expect(byCover).toContain('无法解析“第9期修订.txt”：第9期修订.txt: no table of contents (本期要目)\n没有保存任何内容。');
    expect(byCover).toMatch(
      /已收录的2031年第9期（总第301期）不受影响，仍按原来的版本回答（文件 issue-a\.txt，\d{4}年\d+月\d+日 \d\d:\d\d收录）。请修正文件后重新发送。/,
    );
    // No readable cover (cut before it ends): the cover name it carries says which issue.
    const byName = await upload(Buffer.from(ISSUE_A.slice(0, 40)), '2031-009-301.txt');
    expect(byName).toContain('无法解析“2031-009-301.txt”');
    expect(byName).toContain('已收录的2031年第9期（总第301期）不受影响');
    // A broken file of an issue not served: the parse error only.
    const other = await upload(readFileSync(path.join(FIXTURE_BULLETINS, 'bad-no-toc.txt')), 'bad.txt');
    expect(other).toBe('无法解析“bad.txt”：bad.txt: no table of contents (本期要目)\n没有保存任何内容。');
    expect(readdirSync(corpus)).toEqual(['issue-a.txt']);
    expect(readFileSync(path.join(corpus, 'issue-a.txt'), 'utf8')).toBe(ISSUE_A);
    expect(service!.state.engine!.corpus.bulletins.map((b) => b.cover.total)).toEqual([301]);
  }, 90_000);
});
