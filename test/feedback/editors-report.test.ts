import { describe, expect, it } from 'vitest';
import { buildReport, formatReport } from '../../src/feedback/editors-report.js';
import type { FeedbackData } from '../../src/feedback/read.js';
import type { AnswerRecord, VoteRecord } from '../../src/feedback/records.js';

const NOW = new Date('2031-03-20T12:00:00Z');
const answer = (id: string, at: string, question: string, found: boolean, latencyMs: number, channel = 'telegram'): AnswerRecord => ({
  type: 'answer',
  id,
  at,
  channel,
  chat: 'private',
  user: 'u1',
  question,
  found,
  kind: found ? 'search' : 'refusal',
  text: found ? `答：${question}` : '没有找到',
  citations: found ? [{ year: 2031, number: 9, total: 301, pages: [17, 19], title: '量子计算产业发展白皮书（2031年）要点' }] : [],
  retrieval: 'keyword',
  generated: false,
  latencyMs,
});
const vote = (answerId: string, user: string, v: 'up' | 'down', at: string): VoteRecord => ({
  type: 'vote',
  at,
  answerId,
  channel: 'telegram',
  user,
  vote: v,
});

describe('the weekly report', () => {
  // Six answers in the last 7 days (one of them 8 days old, left out); counted by hand below.
  const data: FeedbackData = {
    files: [],
    skipped: 0,
    answers: [
      answer('old', '2031-03-12T11:00:00Z', '明天下雨吗', false, 5),
      answer('a1', '2031-03-14T10:00:00Z', '量子计算企业有多少家？', true, 120),
      answer('a2', '2031-03-15T10:00:00Z', '明天下雨吗？', false, 30),
      answer('a3', '2031-03-16T10:00:00Z', '明天 下雨吗', false, 40, 'feishu'),
      answer('a4', '2031-03-17T10:00:00Z', '星海市补贴多少', true, 900),
      answer('a5', '2031-03-18T10:00:00Z', '油价多少', false, 10),
      answer('a6', '2031-03-19T10:00:00Z', '算力规模目标', true, 300, 'feishu'),
    ],
    votes: [
      vote('a1', 'u1', 'down', '2031-03-14T10:01:00Z'),
      vote('a1', 'u1', 'up', '2031-03-14T10:02:00Z'), // u1 changed their mind: up counts
      vote('a4', 'u1', 'down', '2031-03-17T10:01:00Z'),
      vote('a4', 'u2', 'down', '2031-03-17T10:03:00Z'),
      vote('a6', 'u3', 'down', '2031-03-19T10:01:00Z'),
      vote('gone', 'u3', 'down', '2031-03-19T10:01:00Z'), // no such answer: ignored
    ],
  };

  it('counts the week, groups refused questions by wording, takes each user’s last vote, and lists the slowest', () => {
    const r = buildReport(data, { days: 7, now: NOW, top: 3 });
    expect(r).toMatchObject({ questions: 6, answered: 3, answeredShare: 0.5, votes: { up: 1, down: 3 } });
    expect(r.byChannel).toEqual({ telegram: { questions: 4, answered: 2 }, feishu: { questions: 2, answered: 1 } });
    expect(r.refused).toEqual([
      { question: '明天 下雨吗', count: 2, lastAt: '2031-03-16T10:00:00Z' },
      { question: '油价多少', count: 1, lastAt: '2031-03-18T10:00:00Z' },
    ]);
    expect(r.downVoted.map((a) => [a.id, a.down, a.up])).toEqual([
      ['a4', 2, 0],
      ['a6', 1, 0],
    ]);
    expect(r.downVoted[0]!.citations).toEqual(['2031年第9期（总第301期）第17–19页《量子计算产业发展白皮书（2031年）要点》']);
    expect(r.slowest.map((a) => [a.id, a.latencyMs])).toEqual([
      ['a4', 900],
      ['a6', 300],
      ['a1', 120],
    ]);
  });

  it('prints the same as text, and says so when there is nothing', () => {
    const text = formatReport(buildReport(data, { days: 7, now: NOW }));
    expect(text).toContain('asked: 6   answered: 3 (50%)   votes: 👍 1 / 👎 3');
    expect(text).toContain('  2×  明天 下雨吗');
    expect(text).toContain('👎 2 👍 0');
    expect(text).toContain('     900 ms');
    const empty = formatReport(buildReport({ files: [], skipped: 0, answers: [], votes: [] }, { days: 7, now: NOW }));
    expect(empty).toContain('asked: 0   answered: 0 (–)');
    expect(empty.match(/\(none\)/g)).toHaveLength(3);
  });

  it('cites an article whose end page is not printed and the masthead as the answer did; older lines without those fields as before', () => {
    const logged = answer('m1', '2031-03-19T11:00:00Z', '编辑部电话是多少', true, 50);
    logged.citations = [
      { year: 2031, number: 9, total: 301, pages: [30, 30], title: '星云科技发布开源大模型', openEnded: true },
      { year: 2031, number: 9, total: 301, pages: [1, 1], title: '刊头', part: 'masthead' },
      { year: 2031, number: 9, total: 301, pages: [30, 30], title: '星云科技发布开源大模型' },
    ];
    const r = buildReport(
      { files: [], skipped: 0, answers: [logged], votes: [vote('m1', 'u1', 'down', '2031-03-19T11:01:00Z')] },
      { days: 7, now: NOW },
    );
    expect(r.downVoted[0]!.citations).toEqual([
      '2031年第9期（总第301期）第30页起《星云科技发布开源大模型》',
      '2031年第9期（总第301期）刊头',
      '2031年第9期（总第301期）第30页《星云科技发布开源大模型》',
    ]);
  });
});
