import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Button } from '../../src/channels/core/adapter.js';
import type { IncomingUpload } from '../../src/channels/core/services.js';
import type { BulletinSummary } from '../../src/domain/corpus.js';
import { runIngestJob } from '../../src/server/ingest-job.js';
import { IngestRunner } from '../../src/server/ingest-runner.js';
import { readManifest } from '../../src/store/load-index.js';
import type { Manifest } from '../../src/store/manifest.js';
import { BulletinUploads } from '../../src/uploads/desk.js';
import { PendingChoices } from '../../src/uploads/pending.js';
import { issueFileName } from '../../src/uploads/naming.js';
import { FileTooLargeError } from '../../src/util/file-too-large-error.js';
import { silentLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { issueSummary } from '../helpers/issues.js';
import { FIXTURE_BULLETINS, tempDir } from '../helpers/paths.js';

const fixture = (name: string) => readFileSync(path.join(FIXTURE_BULLETINS, name));

/**
 * The upload desk with the real parser and ingest (in this process), a bulletin folder of its own,
 * and an admin whose replies are recorded; the index an ingest writes is the one served (the
 * service switches to it). Issue 302 is test/fixtures/bulletins/issue-b.md, whose cover reads
 * 2031年3月14日 第10期 总第302期 and whose 本期要目 lists four articles (read by hand).
 */
async function desk(served: BulletinSummary[] = [], maxBytes = 1 << 20) {
  const bulletinsDir = tempDir('bulletins-');
  const stagingDir = tempDir('staging-');
  const config = testConfig({ BULLETINS_DIR: bulletinsDir, INDEX_DIR: tempDir('index-'), RETRIEVAL_MODE: 'keyword' });
  let live: Manifest | null = null;
  const runner = new IngestRunner(
    config,
    silentLogger,
    async () => {
      live = await readManifest(config.INDEX_DIR);
    },
    runIngestJob,
  );
  const uploads = new BulletinUploads({
    bulletinsDir,
    stagingDir,
    maxBytes,
    runner,
    issues: () => served,
    indexedAt: () => '2031-03-15T08:30:00.000Z',
    servedSha256: (file) => live?.files[file]?.sha256 ?? null,
    isAdmin: () => false,
    pending: await PendingChoices.open(stagingDir, { log: silentLogger }),
    log: silentLogger,
  });
  /** Files waiting in the staging folder (the record of pending choices aside). */
  const staged = () => readdirSync(stagingDir).filter((n) => n !== 'pending.json');
  const replies: Array<{ text: string; buttons?: Button[] }> = [];
  let downloads = 0;
  const upload = (
    name: string,
    bytes: Buffer | Error,
    size: number | null = bytes instanceof Buffer ? bytes.length : null,
  ): IncomingUpload => ({
    channel: 'telegram',
    chatId: '42',
    senderId: '42',
    file: { name, size },
    download: () => {
      downloads++;
      return bytes instanceof Error ? Promise.reject(bytes) : Promise.resolve(bytes);
    },
    reply: (text, buttons) => {
      replies.push({ text, buttons });
      return Promise.resolve();
    },
  });
  return { uploads, upload, replies, bulletinsDir, staged, downloads: () => downloads };
}

describe('bulletins sent by admins', () => {
  it('refuses what is not a bulletin file before fetching it, and what is too large before or while fetching it', async () => {
    const d = await desk([], 1 << 20);
    await d.uploads.receive(d.upload('notes.docx', Buffer.from('x')));
    await d.uploads.receive(d.upload('big.pdf', Buffer.alloc(0), 3 * 1048576));
    expect(d.downloads()).toBe(0);
    await d.uploads.receive(d.upload('bigger.pdf', new FileTooLargeError(1 << 20), null));
    await d.uploads.receive(d.upload('fake.pdf', Buffer.from('not a pdf at all')));
    await d.uploads.receive(d.upload('lost.md', new Error('socket hang up'), null));
    expect(d.replies.map((r) => r.text)).toEqual([
      '只能收录 .pdf、.txt 或 .md 格式的简报文件；“notes.docx”不是这几种格式，没有保存。',
      '“big.pdf”有 3.0 MB，超过了 1 MB 的上限，没有保存。',
      '“bigger.pdf”超过了 1.0 MB 的上限（可以下载的最大文件），没有保存。',
      '“fake.pdf”不是有效的 PDF 文件（文件开头没有 PDF 标记），没有保存。',
      '“lost.md”下载失败，请稍后再发一次。',
    ]);
    expect(readdirSync(d.bulletinsDir)).toEqual([]);
    expect(d.staged()).toEqual([]);
  });

  it('stores a new issue under its cover’s name, ingests it, and tells the admin what was found', async () => {
    const d = await desk();
    await d.uploads.receive(d.upload('第10期.md', fixture('issue-b.md')));
    expect(readdirSync(d.bulletinsDir)).toEqual(['2031-010-302.md']);
    expect(readFileSync(path.join(d.bulletinsDir, '2031-010-302.md'))).toEqual(fixture('issue-b.md'));
    const reply = d.replies[0]!.text.split('\n');
    expect(reply[0]).toBe('《大数据发展动态》2031年第10期（总第302期），2031年3月14日，4篇文章。');
    expect(reply.slice(reply.indexOf('本期要目：'))).toEqual([
      '本期要目：',
      '【国策要论】',
      '第1–3页　促进和规范数据跨境流动规定（2031年修订）',
      '【地方新政】',
      '第4–8页　青川省智慧农业发展三年行动方案（2031—2033年）',
      '【产业镜像】',
      '第9–12页　2031年1-2月软件和信息技术服务业运行情况',
      '【企业动向】',
      '第13页起　星云科技发布“星云·澜海”开源大模型',
      '已收录，保存为 2031-010-302.md，现在就可以提问本期内容。',
    ]);
    expect(d.staged()).toEqual([]);
  });

  it('asks before replacing an issue already served, and does only what the admin chooses, in the chat that was asked', async () => {
    const served = { ...issueSummary(302, 10, '2031-03-14'), file: 'old-302.md' };
    const d = await desk([served]);
    const send = async () => {
      await d.uploads.receive(d.upload('again.md', fixture('issue-b.md')));
      const asked = d.replies.at(-1)!;
      expect(asked.text).toBe('2031年第10期（总第302期）已经收录过了（文件 old-302.md）。要用刚发来的“again.md”替换它吗？（30分钟内有效）');
      expect(asked.buttons!.map((b) => b.label)).toEqual(['替换旧文件', '保留旧文件']);
      return asked.buttons![0]!.action.slice('rep:'.length);
    };
    const kept = await send();
    expect(readdirSync(d.bulletinsDir)).toEqual([]);
    expect(await d.uploads.decide(kept, false, { channel: 'telegram', chatId: '42', senderId: '42' })).toBe(
      '已保留原来的文件，新文件没有保存。',
    );
    expect(await d.uploads.decide(kept, true, { channel: 'telegram', chatId: '42', senderId: '42' })).toBe(
      '这个选择已过期，请重新发送文件。',
    );
    expect(d.staged()).toEqual([]);

    const replaced = await send();
    expect(await d.uploads.decide(replaced, true, { channel: 'telegram', chatId: '7', senderId: '7' })).toBe(
      '这个选择已过期，请重新发送文件。',
    );
    const done = await d.uploads.decide(replaced, true, { channel: 'telegram', chatId: '42', senderId: '42' });
    expect(done.split('\n').at(-1)).toBe('已替换并收录，保存为 2031-010-302.md，现在就可以提问本期内容。');
    expect(readdirSync(d.bulletinsDir)).toEqual(['2031-010-302.md']);
  });

  it('refuses a file that does not parse, saying the issue its cover names stays as it was', async () => {
    // bad-no-toc.txt: the cover of 2031年3月28日 第12期 总第304期, and no 本期要目.
    const served = { ...issueSummary(304, 12, '2031-03-28'), file: '2031-012-304.txt' };
    const d = await desk([served]);
    await d.uploads.receive(d.upload('修订版.txt', fixture('bad-no-toc.txt')));
    expect(d.replies[0]!.text).toBe(
      [
        '无法解析“修订版.txt”：修订版.txt: no table of contents (本期要目)',
        '没有保存任何内容。',
        `已收录的2031年第12期（总第304期）不受影响，仍按原来的版本回答（文件 2031-012-304.txt，${localTime('2031-03-15T08:30:00.000Z')}收录）。请修正文件后重新发送。`,
      ].join('\n'),
    );
    expect(readdirSync(d.bulletinsDir)).toEqual([]);
    expect(d.staged()).toEqual([]);
  });

  it('names an issue’s file by year, 第N期 (three digits) and 总第M期', () => {
    expect(issueFileName({ year: 2024, number: 4, total: 167 }, '.PDF')).toBe('2024-004-167.pdf');
    expect(issueFileName({ year: 2031, number: 52, total: 1001 }, '.md')).toBe('2031-052-1001.md');
  });
});

/** The time in this machine's time zone as Intl writes it in Chinese (年月日 and a 24-hour clock), not as the code does. */
function localTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}年${part('month')}月${part('day')}日 ${part('hour')}:${part('minute')}`;
}
