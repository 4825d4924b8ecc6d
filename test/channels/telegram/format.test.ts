import { describe, expect, it } from 'vitest';
import { answerMessages, escapeHtml, MAX_MESSAGE, sourcesMessages } from '../../../src/channels/telegram/format.js';
import { htmlProblem } from '../../helpers/fake-telegram.js';

const source = (marker: number) => ({
  marker,
  where: '2023年第36期（总第147期）第7–11页',
  title: '贵州省工业领域数字化转型实施方案(2023-2025年)',
  quote: '到2025年，<全省>工业企业&数字化研发设计工具普及率达到80%。',
});

describe('Telegram formatting', () => {
  it('escapes every <, > and & of the text', () => {
    expect(escapeHtml('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    const m = answerMessages({ body: '规模<1000亿元 & 增速>5% [1]', sources: [source(1)] });
    expect(m.html).toHaveLength(1);
    expect(m.html[0]).toContain('规模&lt;1000亿元 &amp; 增速&gt;5% [1]');
    expect(m.html[0]).toContain('<b>来源</b>\n[1] 2023年第36期（总第147期）第7–11页《贵州省工业领域数字化转型实施方案(2023-2025年)》');
    expect(htmlProblem(m.html[0]!)).toBeNull();
    expect(m.plain[0]).toContain('规模<1000亿元 & 增速>5% [1]');
  });

  it('splits long answers on paragraph boundaries without breaking tags', () => {
    const body = Array.from({ length: 60 }, (_, i) => `${i + 1}. ${'数据要素市场化配置改革'.repeat(10)}<${i}>。`).join('\n');
    const m = answerMessages({ body, sources: Array.from({ length: 30 }, (_, i) => source(i + 1)) });
    expect(m.html.length).toBeGreaterThan(1);
    for (const html of m.html) {
      expect(html.length).toBeLessThanOrEqual(MAX_MESSAGE);
      expect(htmlProblem(html)).toBeNull();
    }
    expect(m.html.join('\n')).toContain('60. ');
    expect(m.plain).toHaveLength(m.html.length);
  });

  it('cuts a single paragraph longer than a message at sentence ends', () => {
    const body = '这是很长的一段话，里面有特殊字符<&>。'.repeat(400);
    const m = answerMessages({ body, sources: [] });
    expect(m.html.length).toBeGreaterThan(1);
    for (const html of m.html) {
      expect(html.length).toBeLessThanOrEqual(MAX_MESSAGE);
      expect(htmlProblem(html)).toBeNull();
    }
    expect(m.plain.join('')).toBe(body);
  });

  it('shows sources with their quotes in blockquotes', () => {
    const m = sourcesMessages('上一个回答的来源：', [source(1), source(2)]);
    expect(m.html[0]).toContain('<blockquote>到2025年，&lt;全省&gt;工业企业&amp;数字化研发设计工具普及率达到80%。</blockquote>');
    expect(htmlProblem(m.html[0]!)).toBeNull();
  });
});
