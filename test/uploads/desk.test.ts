import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBulletin } from '../../src/bulletin/parse.js';
import type { Button } from '../../src/channels/core/adapter.js';
import type { IncomingUpload } from '../../src/channels/core/services.js';
import { summarize, type BulletinSummary } from '../../src/domain/corpus.js';
import type { ParsedFile } from '../../src/server/ingest-jobs.js';
import type { LastIngest } from '../../src/server/ingest-runner.js';
import { BulletinUploads } from '../../src/uploads/desk.js';
import { PendingChoices } from '../../src/uploads/pending.js';
import { silentLogger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { observeFault } from '../reliability/faults.js';

const ADMIN = '42';
const OTHER_ADMIN = '43';
const fixture = (name: string) => readFileSync(path.join(FIXTURE_BULLETINS, name));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The upload desk over a real folder and staging area, with a stand-in for the ingest process: a
 * parse reads the file with the real parser; an ingest records what it was asked and, when `live`,
 * "serves" the folder as it is (so the test decides whether the new index is live).
 */
async function desk(options: { now?: () => number; stateDir?: string; corpus?: string } = {}) {
  const corpus = options.corpus ?? fixtureCorpus('issue-a.txt');
  const stagingDir = path.join(options.stateDir ?? tempDir('state-'), 'uploads');
  const served = new Map<string, string>([['issue-a.txt', sha(fixture('issue-a.txt'))]]);
  const issues: BulletinSummary[] = [summarize(parseBulletin('issue-a.txt', fixture('issue-a.txt').toString('utf8')))];
  const ingests: Array<{ reason: string; rehash: readonly string[] }> = [];
  const state = { live: true };
  const runner = {
    parse: async (file: string, name: string): Promise<ParsedFile> => {
      const b = parseBulletin(name, readFileSync(file, 'utf8'));
      return { cover: b.cover, toc: b.toc, articles: b.articles.length, warnings: [], notes: [] };
    },
    ingest: async (reason: string, o: { rehash?: readonly string[] } = {}): Promise<LastIngest> => {
      ingests.push({ reason, rehash: o.rehash ?? [] });
      if (state.live) for (const name of readdirSync(corpus)) served.set(name, sha(readFileSync(path.join(corpus, name))));
      return { at: '', reason, seconds: 0, result: 'ok', changed: true, issues: 2, added: [], updated: [], removed: [], failed: [] };
    },
  };
  const pending = await PendingChoices.open(stagingDir, { log: silentLogger, now: options.now });
  const uploads = new BulletinUploads({
    bulletinsDir: corpus,
    stagingDir,
    maxBytes: 1 << 20,
    runner,
    issues: () => issues,
    indexedAt: () => null,
    servedSha256: (file) => served.get(file) ?? null,
    isAdmin: (_channel, sender) => [ADMIN, OTHER_ADMIN].includes(sender),
    pending,
    log: silentLogger,
    now: options.now,
  });
  return { uploads, corpus, stagingDir, ingests, state, pending };
}

/** Sends a file to the desk as an admin's private message; returns the replies (and buttons). */
async function send(uploads: BulletinUploads, bytes: Buffer, name: string, sender = ADMIN) {
  const replies: Array<{ text: string; buttons?: Button[] }> = [];
  const upload: IncomingUpload = {
    channel: 'telegram',
    chatId: sender,
    senderId: sender,
    file: { name, size: bytes.length },
    download: async () => bytes,
    reply: async (text, buttons) => void replies.push({ text, buttons }),
  };
  await uploads.receive(upload);
  return replies;
}
const token = (reply: { buttons?: Button[] } | undefined) => reply!.buttons![0]!.action.split(':')[1]!;
const by = (senderId: string) => ({ channel: 'telegram', chatId: ADMIN, senderId });

describe('the upload desk', () => {
  it('says 已收录 only once the live index serves the uploaded content', async () => {
    const { uploads, state, ingests } = await desk();
    state.live = false;
    const [notLive] = await send(uploads, fixture('issue-b.md'), '第10期.md');
    expect(notLive!.text).not.toContain('已收录');
    expect(notLive!.text).toContain('文件已保存为 2031-010-302.md，但正在使用的索引还没有换成包含这份内容的版本');
    expect(ingests).toEqual([{ reason: 'upload 2031-010-302.md', rehash: ['2031-010-302.md'] }]);

    state.live = true;
    const [choice] = await send(uploads, fixture('issue-b.md'), '第10期.md');
    const reply = await uploads.decide(token(choice), true, by(ADMIN));
    expect(reply).toContain('已替换并收录，保存为 2031-010-302.md，现在就可以提问本期内容。');
    observeFault('uploadLive', `index not switched: “${notLive!.text.split('\n').at(-1)!.slice(0, 40)}…”; switched: “已替换并收录…”`);
  });

  it('only the uploader or another admin may press 替换旧文件', async () => {
    const { uploads, corpus } = await desk();
    await send(uploads, fixture('issue-b.md'), 'b.md');
    const [choice] = await send(uploads, fixture('issue-b.md'), 'again.md');
    expect(choice!.text).toContain('已经收录过了（文件 2031-010-302.md）');
    const stranger = await uploads.decide(token(choice), true, by('99'));
    expect(stranger).toBe('只有发送这个文件的管理员（或其他管理员）可以做这个选择。');
    const byOtherAdmin = await uploads.decide(token(choice), true, by(OTHER_ADMIN));
    expect(byOtherAdmin).toContain('已替换并收录');
    expect(readdirSync(corpus).sort()).toEqual(['2031-010-302.md', 'issue-a.txt']);
    observeFault('replacePresser', `pressed by a non-admin: “${stranger}” (choice kept); by another admin: replaced`);
  });

  it('asks before storing an issue already there in another format, and keeps one file of it', async () => {
    const { uploads, corpus } = await desk();
    await send(uploads, fixture('issue-b.md'), 'b.md');
    const [choice] = await send(uploads, fixture('issue-b.md'), 'b.txt');
    expect(choice!.text).toContain('已经收录过了（文件 2031-010-302.md）');
    await uploads.decide(token(choice), true, by(ADMIN));
    expect(readdirSync(corpus).sort()).toEqual(['2031-010-302.txt', 'issue-a.txt']);
  });

  it('keeps a pending choice and its staged file across a restart, and removes both when it expires', async () => {
    let now = Date.parse('2031-03-20T10:00:00Z');
    const stateDir = tempDir('state-');
    const corpus = fixtureCorpus('issue-a.txt');
    const first = await desk({ now: () => now, stateDir, corpus });
    await send(first.uploads, fixture('issue-b.md'), 'b.md');
    const [choice] = await send(first.uploads, fixture('issue-b.md'), 'again.md');
    first.pending.stop();
    expect(readdirSync(first.stagingDir).filter((n) => n !== 'pending.json')).toHaveLength(1);

    // A restart: a new desk over the same STATE_DIR takes the choice.
    const second = await desk({ now: () => now, stateDir, corpus });
    expect(await second.uploads.decide(token(choice), false, by(ADMIN))).toBe('已保留原来的文件，新文件没有保存。');
    const [later] = await send(second.uploads, fixture('issue-b.md'), 'later.md');
    second.pending.stop();
    expect(readdirSync(second.stagingDir).filter((n) => n !== 'pending.json')).toHaveLength(1);

    now += 31 * 60_000;
    const third = await desk({ now: () => now, stateDir, corpus });
    third.pending.stop();
    expect(readdirSync(third.stagingDir).filter((n) => n !== 'pending.json')).toEqual([]);
    expect(await third.uploads.decide(token(later), true, by(ADMIN))).toBe('这个选择已过期，请重新发送文件。');
    expect(existsSync(path.join(corpus, '2031-010-302.md'))).toBe(true);
    observeFault('pendingRestart', 'choice taken after a restart; 31 min later the choice had expired and no staged file was left');
  });
});
