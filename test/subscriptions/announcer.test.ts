import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseBulletin } from '../../src/bulletin/parse.js';
import { summarize, type BulletinSummary } from '../../src/domain/corpus.js';
import { DamagedFiles } from '../../src/state/damaged-files.js';
import { DigestAnnouncer, type NotifyResult } from '../../src/subscriptions/announcer.js';
import type { Digest } from '../../src/subscriptions/digest.js';
import { Backoff, type DigestRecord } from '../../src/subscriptions/digest-record.js';
import { SubscriptionStore } from '../../src/subscriptions/store.js';
import { silentLogger } from '../../src/util/log.js';
import { issueSummary } from '../helpers/issues.js';
import { FIXTURE_BULLETINS, tempDir } from '../helpers/paths.js';
import { observeFault } from '../reliability/faults.js';

const I301 = issueSummary(301, 9, '2031-03-07');
const I302 = issueSummary(302, 10, '2031-03-14');
const I303 = issueSummary(303, 11, '2031-03-21');

/** The channels as the announcer sees them: each chat answers as `answers` says (default 'sent'); every send is recorded. */
function channels(answers: Record<string, NotifyResult | 'throw'> = {}) {
  const sent: Array<{ to: string; total: number }> = [];
  const notify = (channel: string, chatId: string, digest: Digest): Promise<NotifyResult> => {
    const answer = answers[`${channel}:${chatId}`] ?? 'sent';
    if (answer === 'throw') return Promise.reject(new Error('network down'));
    if (answer === 'sent') sent.push({ to: `${channel}:${chatId}`, total: digest.total });
    return Promise.resolve(answer);
  };
  return { sent, notify };
}

async function setUp(stateDir: string, answers: Record<string, NotifyResult | 'throw'> = {}) {
  const subscriptions = await SubscriptionStore.open(stateDir);
  const platform = channels(answers);
  const announcer = await DigestAnnouncer.open(stateDir, { subscriptions, notify: platform.notify, log: silentLogger });
  return { subscriptions, announcer, ...platform };
}

describe('digests of new issues', () => {
  afterEach(() => vi.useRealTimers());

  it('announces nothing on the very first start, then each new issue once to every subscribed chat', async () => {
    const dir = tempDir('state-');
    const { subscriptions, announcer, sent } = await setUp(dir);
    await subscriptions.add('telegram', '42', true);
    await subscriptions.add('feishu', 'oc_g', false);
    // What is indexed at the first start was never announced, and is not news.
    expect(await announcer.indexChanged([I301])).toEqual([]);
    expect(sent).toEqual([]);
    expect(existsSync(path.join(dir, 'digests.json'))).toBe(true);

    expect(await announcer.indexChanged([I301, I302])).toEqual([302]);
    expect(sent).toEqual([
      { to: 'telegram:42', total: 302 },
      { to: 'feishu:oc_g', total: 302 },
    ]);
    // The same index again, or the issue indexed again (another file of it): nothing more.
    expect(await announcer.indexChanged([I301, I302])).toEqual([]);
    expect(await announcer.indexChanged([I302, I301])).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(announcer.pendingCount()).toBe(0);
  });

  it('never sends a chat the same issue twice across a restart', async () => {
    const dir = tempDir('state-');
    const first = await setUp(dir);
    await first.subscriptions.add('telegram', '42', true);
    await first.announcer.indexChanged([I301]);
    await first.announcer.indexChanged([I301, I302]);
    await first.announcer.stop();

    const second = await setUp(dir);
    expect(await second.announcer.indexChanged([I301, I302])).toEqual([]);
    expect(await second.announcer.indexChanged([I301, I302, I303])).toEqual([303]);
    expect(second.sent).toEqual([{ to: 'telegram:42', total: 303 }]);
  });

  it('drops a chat that is gone, and keeps trying one whose channel is down, a minute later', async () => {
    const dir = tempDir('state-');
    const answers: Record<string, NotifyResult | 'throw'> = { 'telegram:gone': 'gone', 'telegram:down': 'throw' };
    const { subscriptions, announcer, sent } = await setUp(dir, answers);
    for (const chat of ['ok', 'gone', 'down']) await subscriptions.add('telegram', chat, true);
    await announcer.indexChanged([I301]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await announcer.indexChanged([I301, I302]);
    expect(sent).toEqual([{ to: 'telegram:ok', total: 302 }]);
    expect(subscriptions.has('telegram', 'gone')).toBe(false);
    expect(announcer.pendingCount()).toBe(1);

    answers['telegram:down'] = 'sent';
    await vi.advanceTimersByTimeAsync(59_000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([
      { to: 'telegram:ok', total: 302 },
      { to: 'telegram:down', total: 302 },
    ]);
    expect(announcer.pendingCount()).toBe(0);
    await announcer.stop();
  });

  it('resumes after a restart what was still to be sent, when the index is next looked at', async () => {
    const dir = tempDir('state-');
    const first = await setUp(dir, { 'telegram:down': 'unavailable' });
    await first.subscriptions.add('telegram', 'down', true);
    await first.announcer.indexChanged([I301]);
    await first.announcer.indexChanged([I301, I302]);
    expect(first.announcer.pendingCount()).toBe(1);
    await first.announcer.stop();

    const second = await setUp(dir);
    expect(second.announcer.pendingCount()).toBe(1);
    // The service looks at the index once at start-up: what was pending goes out then.
    expect(await second.announcer.indexChanged([I301, I302])).toEqual([]);
    expect(second.sent).toEqual([{ to: 'telegram:down', total: 302 }]);
    expect(second.announcer.pendingCount()).toBe(0);
  });
});

const issue = (name: string): BulletinSummary => summarize(parseBulletin(name, readFileSync(path.join(FIXTURE_BULLETINS, name), 'utf8')));
const A = issue('issue-a.txt');
const B = issue('issue-b.md');

async function announcer(stateDir: string, backoff = new Backoff(20, 80)) {
  const subscriptions = await SubscriptionStore.open(stateDir);
  const sent: string[] = [];
  const damaged = new DamagedFiles(stateDir, silentLogger);
  const a = await DigestAnnouncer.open(stateDir, {
    subscriptions,
    log: silentLogger,
    damaged,
    backoff,
    notify: async (channel, chatId, digest) => {
      sent.push(`${channel}:${chatId}:${digest.total}`);
      return 'sent';
    },
  });
  return { announcer: a, subscriptions, sent, damaged };
}

describe('the digest announcer when digests cannot be recorded or sent', () => {
  afterEach(() => vi.useRealTimers());

  it('retries with backoff until the record can be written, then sends each digest once', async () => {
    const stateDir = tempDir('state-');
    const { announcer: a, subscriptions, sent } = await announcer(stateDir);
    await subscriptions.add('telegram', '61', true);
    await a.indexChanged([A]);
    // The record cannot be written: a folder where it goes.
    const record = path.join(stateDir, 'digests.json');
    rmSync(record);
    mkdirSync(record);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect(await a.indexChanged([A, B])).toEqual([302]);
    expect(sent).toEqual([]);
    expect(a.overdue()).toMatchObject([{ total: 302, chats: 1, reason: expect.stringMatching(/^cannot record it: .*EISDIR/) as string }]);
    expect(a.problem()).toMatch(/digest record not saved/);

    rmSync(record, { recursive: true });
    // The retry comes by itself, after the backoff's first wait (20 ms here).
    await vi.advanceTimersByTimeAsync(20);
    await vi.waitFor(() => expect(sent.length).toBeGreaterThan(0));
    await a.stop();
    expect(sent).toEqual(['telegram:61:302']);
    expect(a.overdue()).toEqual([]);
    expect((JSON.parse(readFileSync(record, 'utf8')) as DigestRecord).issues['302']!.delivered).toEqual([
      { channel: 'telegram', chatId: '61' },
    ]);
    observeFault(
      'digestBackoff',
      'record unwritable: nothing sent, issue 302 overdue with the reason; writable again: sent once by a retry, no new issue needed',
    );
  });

  it('sends at start-up what was due before a restart', async () => {
    const stateDir = tempDir('state-');
    const first = await announcer(stateDir);
    await first.subscriptions.add('feishu', 'oc_1', false);
    await first.announcer.indexChanged([A]);
    // A channel that is not running: the digest stays due when the service stops.
    const down = await DigestAnnouncer.open(stateDir, {
      subscriptions: first.subscriptions,
      log: silentLogger,
      backoff: new Backoff(60_000),
      notify: async () => 'unavailable',
    });
    await down.indexChanged([A, B]);
    await down.stop();
    expect(down.overdue()).toMatchObject([{ total: 302, reason: 'feishu is not running' }]);

    const second = await announcer(stateDir);
    await second.announcer.indexChanged([A, B]);
    await second.announcer.stop();
    expect(second.sent).toEqual(['feishu:oc_1:302']);
  });

  it('moves a damaged record aside and takes what is indexed as announced', async () => {
    const stateDir = tempDir('state-');
    writeFileSync(path.join(stateDir, 'digests.json'), '');
    const { announcer: a, subscriptions, sent, damaged } = await announcer(stateDir);
    await subscriptions.add('telegram', '7', true);
    await a.indexChanged([A]);
    await a.indexChanged([A, B]);
    await a.stop();
    expect(sent).toEqual(['telegram:7:302']);
    const copies = readdirSync(stateDir).filter((f) => f.startsWith('digests.json.damaged-'));
    expect(copies).toHaveLength(1);
    expect(damaged.problems()).toEqual([
      `state file digests.json was damaged (the file is empty; rebuilt from the index: the issues indexed now count as announced); the damaged file is kept as ${copies[0]}: delete it once checked`,
    ]);
  });
});
