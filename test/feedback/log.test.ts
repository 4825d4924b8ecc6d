import { describe, expect, it } from 'vitest';
import { FeedbackLog } from '../../src/feedback/log.js';
import { readFeedback } from '../../src/feedback/read.js';
import { buildReport } from '../../src/feedback/editors-report.js';
import { citationFor } from '../../src/domain/citation.js';
import type { Answer } from '../../src/answer/types.js';
import { createLogger } from '../../src/util/log.js';
import { tempDir } from '../helpers/paths.js';

describe('the feedback log', () => {
  it('keeps what a citation needs to be written again as the answer wrote it: the open end and the masthead', async () => {
    const dir = tempDir();
    const now = () => new Date('2031-03-19T10:00:00Z');
    const log = await FeedbackLog.open(dir, { maxBytes: 1 << 20, files: 2 }, createLogger('silent'), now);
    const issue = { year: 2031, number: 9, total: 301, date: '2031-03-07' };
    const citations = [
      citationFor(issue, { page: 30, endPage: null, title: '星云科技发布开源大模型' }, '引文', 1),
      { ...citationFor(issue, { page: 1, endPage: 1, title: '刊头' }, '咨询电话 0851', 1), part: 'masthead' as const },
      citationFor(issue, { page: 17, endPage: 19, title: '量子计算产业发展白皮书（2031年）要点' }, '引文', 1),
    ];
    const answer: Answer = { question: '问', text: '答', found: true, citations, retrieved: citations, language: 'zh', kind: 'search' };
    log.answered({
      id: 'a1',
      channel: 'telegram',
      isPrivate: true,
      senderId: '42',
      question: '问',
      answer,
      retrievalMode: 'keyword',
      latencyMs: 5,
    });
    log.voted({ answerId: 'a1', channel: 'telegram', senderId: '42', chatId: '42', vote: 'down' });
    await log.close();

    const data = await readFeedback(dir);
    expect(data.skipped).toBe(0);
    const report = buildReport(data, { days: 7, now: new Date('2031-03-20T00:00:00Z') });
    expect(report.downVoted[0]!.citations).toEqual([
      '2031年第9期（总第301期）第30页起《星云科技发布开源大模型》',
      '2031年第9期（总第301期）刊头',
      '2031年第9期（总第301期）第17–19页《量子计算产业发展白皮书（2031年）要点》',
    ]);
  });
});
