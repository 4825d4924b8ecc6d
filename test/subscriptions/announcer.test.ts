import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseBulletin } from '../../src/bulletin/parse.js';
import { summarize, type BulletinSummary } from '../../src/domain/corpus.js';
import { DamagedFiles } from '../../src/state/damaged-files.js';
import { DigestAnnouncer } from '../../src/subscriptions/announcer.js';
import { Backoff } from '../../src/subscriptions/digest-record.js';
import { SubscriptionStore } from '../../src/subscriptions/store.js';
import { silentLogger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, tempDir } from '../helpers/paths.js';
import { observeFault } from '../reliability/faults.js';

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

const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the digest announcer', () => {
  it('retries with backoff until the record can be written, then sends each digest once', async () => {
    const stateDir = tempDir('state-');
    const { announcer: a, subscriptions, sent } = await announcer(stateDir);
    await subscriptions.add('telegram', '61', true);
    await a.indexChanged([A]);
    // The record cannot be written: a folder where it goes.
    const record = path.join(stateDir, 'digests.json');
    rmSync(record);
    mkdirSync(record);
    expect(await a.indexChanged([A, B])).toEqual([302]);
    expect(sent).toEqual([]);
    expect(a.overdue()).toMatchObject([{ total: 302, chats: 1, reason: expect.stringMatching(/^cannot record it: .*EISDIR/) }]);
    expect(a.problem()).toMatch(/digest record not saved/);

    rmSync(record, { recursive: true });
    await until(() => sent.length > 0);
    await a.stop();
    expect(sent).toEqual(['telegram:61:302']);
    expect(a.overdue()).toEqual([]);
    expect(JSON.parse(readFileSync(record, 'utf8')).issues['302'].delivered).toEqual([{ channel: 'telegram', chatId: '61' }]);
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
