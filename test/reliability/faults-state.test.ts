import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SubscriptionStore } from '../../src/subscriptions/store.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { observeFault } from './faults.js';
import { startServe, type ServeProcess } from './serve-process.js';

/**
 * The must-show: `npm run serve` over a STATE_DIR whose digest record is empty and whose
 * subscription list was cut in the middle (as a crash of an editor, or a full disk, leaves it).
 */
describe('damaged state files and npm run serve', () => {
  let telegram: FakeTelegram;
  let serve: ServeProcess | null = null;
  const stateDir = tempDir('state-');

  beforeAll(async () => {
    telegram = await new FakeTelegram().start();
    // Two chats subscribed the way the service subscribes them (the list, and its last good copy).
    const store = await SubscriptionStore.open(stateDir);
    await store.add('telegram', '61', true);
    await store.add('telegram', '62', true);
    const list = path.join(stateDir, 'subscriptions.json');
    writeFileSync(list, readFileSync(list, 'utf8').slice(0, 60));
    writeFileSync(path.join(stateDir, 'digests.json'), '');
  });
  afterAll(async () => {
    await serve?.stop();
    await telegram.close();
  });

  it('npm run serve starts over an empty digests.json and a truncated subscriptions.json, answers, and reports both', async () => {
    serve = await startServe({
      BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
      INDEX_DIR: tempDir('index-'),
      STATE_DIR: stateDir,
      RETRIEVAL_MODE: 'keyword',
      TELEGRAM_BOT_TOKEN: '123456:STATE-damage-token',
      TELEGRAM_API_ROOT: telegram.url,
    });
    telegram.push(telegram.textMessage('全国量子计算相关企业有多少家？', 7));
    await telegram.waitFor(() => telegram.sent().some((p) => p.chat_id === 7), 30_000);
    const answer = String(telegram.sent().find((p) => p.chat_id === 7)!.text);
    expect(answer).toContain('318家');

    const health = await serve.health();
    const problems = health.problems as string[];
    const about = (file: string) => problems.find((p) => p.startsWith(`state file ${file} was damaged`));
    expect(about('digests.json')).toMatch(/the file is empty; rebuilt from the index/);
    expect(about('subscriptions.json')).toMatch(/rebuilt from its last good copy \(2 chats\)/);
    expect(health).toMatchObject({ status: 'degraded', indexLoaded: true, subscriptions: 2 });
    const kept = readdirSync(stateDir).filter((f) => f.includes('.damaged-'));
    expect(kept.map((f) => f.replace(/\.damaged-.*/, '')).sort()).toEqual(['digests.json', 'subscriptions.json']);

    // The rebuilt list is the one served: chat 61 is still subscribed.
    telegram.push(telegram.textMessage('/subscribe', 61, undefined, { entities: [{ type: 'bot_command', offset: 0, length: 10 }] }));
    await telegram.waitFor(() => telegram.sent().some((p) => p.chat_id === 61), 10_000);
    expect(String(telegram.sent().find((p) => p.chat_id === 61)!.text)).toBe('这里已经订阅过了，新一期收录后会发到这里。');
    observeFault(
      'stateDamage',
      `served and answered (“…318家…”); /healthz ${health.status} with ${problems.filter((p) => p.startsWith('state file')).length} state files listed; both kept as *.damaged-<time>; 2 subscriptions rebuilt`,
    );
  });
});
