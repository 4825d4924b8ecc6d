import { describe, expect, it } from 'vitest';
import { FeedbackLog } from '../../src/feedback/log.js';
import { readFeedback } from '../../src/feedback/read.js';
import type { Answer } from '../../src/answer/types.js';
import { silentLogger } from '../../src/util/log.js';
import { tempDir } from '../helpers/paths.js';

const answer: Answer = { question: '问', text: '答', found: true, citations: [], retrieved: [], language: 'zh', kind: 'search' };
const settings = { maxBytes: 1 << 20, files: 2 };

describe('votes', () => {
  it('counts a vote only for an answer the bot gave (before a restart too), once per user; a changed vote is recorded', async () => {
    const dir = tempDir('state-');
    const first = await FeedbackLog.open(dir, settings, silentLogger);
    first.answered({
      id: 'ans1',
      channel: 'feishu',
      isPrivate: false,
      senderId: 'ou_a',
      question: '问',
      answer,
      retrievalMode: 'keyword',
      latencyMs: 1,
    });
    await first.close();

    const log = await FeedbackLog.open(dir, settings, silentLogger);
    const vote = (answerId: string, senderId: string | null, v: 'up' | 'down') =>
      log.voted({ answerId, channel: 'feishu', senderId, chatId: 'oc_1', vote: v });
    expect(vote('never-given', 'ou_b', 'up')).toBe('unknown answer');
    expect([vote('ans1', 'ou_b', 'up'), vote('ans1', 'ou_b', 'up'), vote('ans1', 'ou_b', 'up')]).toEqual([
      'recorded',
      'repeated',
      'repeated',
    ]);
    expect(vote('ans1', 'ou_b', 'down')).toBe('recorded');
    expect(vote('ans1', 'ou_c', 'down')).toBe('recorded');
    await log.close();

    const data = await readFeedback(dir);
    expect(data.votes.map((v) => [v.answerId, v.vote])).toEqual([
      ['ans1', 'up'],
      ['ans1', 'down'],
      ['ans1', 'down'],
    ]);
    // After a restart the votes already cast are known: the same vote again is a repeat.
    const again = await FeedbackLog.open(dir, settings, silentLogger);
    expect(again.voted({ answerId: 'ans1', channel: 'feishu', senderId: 'ou_c', chatId: 'oc_1', vote: 'down' })).toBe('repeated');
    await again.close();
  });
});
