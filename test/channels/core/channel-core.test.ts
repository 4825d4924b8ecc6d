import { describe, expect, it } from 'vitest';
import { InputError, type AnswerEngine } from '../../../src/answer/engine.js';
import { PendingAnswer } from '../../../src/answer/pending.js';
import type { Answer } from '../../../src/answer/types.js';
import type { ChannelAdapter, InboundMessage } from '../../../src/channels/core/adapter.js';
import { ChannelCore } from '../../../src/channels/core/channel-core.js';
import { RejectionLog } from '../../../src/channels/core/rejections.js';
import { MemoryDeliveryLog } from '../../../src/channels/seen-store.js';
import { createLogger } from '../../../src/util/log.js';

type Out = { kind: string; text: string };
interface Sent {
  chat: string;
  op: 'send' | 'edit' | 'typing';
  out?: Out;
  ref?: number;
}

/** An adapter that records what the core asks of it; `failEdits` makes every edit fail. */
class RecordingAdapter implements ChannelAdapter<InboundMessage, Out, number> {
  readonly name = 'rec';
  readonly sent: Sent[] = [];
  failEdits = false;
  private next = 1;
  constructor(readonly capabilities = { streamingEdits: true, cards: false, typingIntervalMs: null as number | null }) {}
  readonly render = {
    text: (text: string) => ({ kind: 'text', text }),
    draft: (text: string) => ({ kind: 'draft', text }),
    answer: (answer: Answer) => ({ kind: 'answer', text: answer.text }),
    sources: (answer: Answer) => ({ kind: 'sources', text: answer.question }),
  };
  async send(to: InboundMessage, out: Out): Promise<number> {
    this.sent.push({ chat: to.chatId, op: 'send', out });
    return this.next++;
  }
  async edit(to: InboundMessage, ref: number, out: Out): Promise<void> {
    if (this.failEdits) throw new Error('edit refused');
    this.sent.push({ chat: to.chatId, op: 'edit', out, ref });
  }
  async typing(to: InboundMessage): Promise<void> {
    this.sent.push({ chat: to.chatId, op: 'typing' });
  }
  describeError(error: unknown): string {
    return String((error as Error).message);
  }
  /** What the user ends up reading: sends and edits, drafts left out. */
  texts(chat?: string): string[] {
    return this.sent.filter((s) => s.out && s.out.kind !== 'draft' && (!chat || s.chat === chat)).map((s) => s.out!.text);
  }
}

const answerFor = (question: string, text: string): Answer => ({
  question,
  text,
  found: true,
  citations: [],
  retrieved: [],
  language: 'zh',
  kind: 'search',
});

/**
 * An engine whose answers the test scripts: each question streams its words with a pause between
 * them, then answers "答：<question>". A question with "boom" fails, "long" is refused as too long.
 */
function scriptedEngine(pauseMs = 5): AnswerEngine & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    corpus: { bulletins: [], chunks: [] } as never,
    retrievalMode: 'keyword',
    retrievalModes: ['keyword'],
    answerMode: 'generated',
    ask(question, conversation, options) {
      return new PendingAnswer(async (emit) => {
        asked.push(question);
        if (question.includes('boom')) throw new Error('engine exploded');
        if (question === 'long') throw new InputError('问题太长了');
        for (const word of question.split(' ')) {
          if (options?.signal?.aborted) throw new Error('aborted');
          emit({ type: 'delta', text: `${word} ` });
          await new Promise((r) => setTimeout(r, pauseMs));
        }
        const answer = answerFor(question, `答：${question}`);
        conversation?.history.push({ question, answer });
        return answer;
      });
    },
    answer(question, conversation) {
      return this.ask(question, conversation).answer;
    },
    trace() {
      return Promise.reject(new Error('the channels never ask for a trace'));
    },
  };
}

function setup(o: { ratePerMinute?: number; editIntervalMs?: number; pauseMs?: number; maxAge?: number | null } = {}) {
  const adapter = new RecordingAdapter();
  const engine = scriptedEngine(o.pauseMs);
  const logs: string[] = [];
  const log = createLogger('debug', (l) => logs.push(l));
  const rejections = new RejectionLog('rec', log);
  const core = new ChannelCore({
    adapter,
    engine,
    log,
    seen: new MemoryDeliveryLog(),
    rejections,
    settings: { ratePerMinute: o.ratePerMinute ?? 100, editIntervalMs: o.editIntervalMs ?? 0, maxMessageAgeMs: o.maxAge ?? null },
  });
  return { adapter, engine, core, logs, rejections };
}

let ids = 0;
const msg = (text: string | null, over: Partial<InboundMessage> = {}): InboundMessage => ({
  deliveryIds: [`m${++ids}`],
  chatId: 'c1',
  senderId: 'u1',
  isPrivate: true,
  addressed: true,
  fromBot: false,
  text,
  sentAt: null,
  ...over,
});

describe('the channel core', () => {
  it('answers in order within a chat and in parallel across chats', async () => {
    const { adapter, core } = setup({ pauseMs: 20 });
    await Promise.all([
      core.handle(msg('a1 slow slow slow', { chatId: 'A' })),
      core.handle(msg('a2', { chatId: 'A' })),
      core.handle(msg('b1', { chatId: 'B' })),
    ]);
    const finals = adapter.sent.filter((s) => s.out?.kind === 'answer' || (s.op === 'edit' && s.out?.kind === 'answer'));
    expect(finals.filter((s) => s.chat === 'A').map((s) => s.out!.text)).toEqual(['答：a1 slow slow slow', '答：a2']);
    // B's short answer did not wait for A's long one.
    expect(finals.findIndex((s) => s.chat === 'B')).toBeLessThan(finals.findIndex((s) => s.out!.text === '答：a1 slow slow slow'));
  });

  it('drops re-deliveries, messages from bots, and what is not addressed to it; counts what it refused', async () => {
    const { adapter, core, rejections, engine } = setup();
    const m = msg('q');
    await Promise.all([core.handle(m), core.handle({ ...m }), core.handle({ ...m, deliveryIds: ['other', ...m.deliveryIds] })]);
    await core.handle(msg('from a bot', { fromBot: true }));
    await core.handle(msg('group chatter', { isPrivate: false, addressed: false }));
    expect(engine.asked).toEqual(['q']);
    expect(adapter.texts()).toHaveLength(1);
    expect(rejections.counts()).toEqual({ 'message from a bot': 1 });
  });

  it('runs the commands, answers unsupported content politely, and limits questions per sender', async () => {
    const { adapter, core } = setup({ ratePerMinute: 2 });
    for (const text of ['/help', '/sources', '/start@any_bot', '/reset', '/issues']) await core.handle(msg(text));
    await core.handle(msg(null));
    expect(adapter.texts()[0]).toContain('可以这样问');
    expect(adapter.texts()[1]).toBe('还没有回答过问题，暂无来源。');
    expect(adapter.texts()[2]).toContain('可以这样问');
    expect(adapter.texts()[3]).toContain('对话已清空');
    expect(adapter.texts()[4]).toBe('还没有收录任何一期。');
    expect(adapter.texts()[5]).toBe('我只能回答文字提问，请直接输入你的问题。');
    adapter.sent.length = 0;
    await Promise.all(['q1', 'q2', 'q3'].map((q) => core.handle(msg(q))));
    await core.handle(msg('q4', { senderId: 'u2' }));
    const texts = adapter.sent.filter((s) => s.out?.kind !== 'draft').map((s) => s.out?.text);
    expect(texts.filter((t) => t?.startsWith('提问有点频繁'))).toHaveLength(1);
    expect(texts).toContain('答：q4');
    await core.handle(msg('/sources'));
    expect(adapter.sent.at(-1)!.out).toEqual({ kind: 'sources', text: 'q4' });
  });

  it('shows a streamed answer as a draft, edited at most once per interval, and ends it with the answer', async () => {
    const { adapter, core } = setup({ editIntervalMs: 40, pauseMs: 15 });
    await core.handle(msg('w1 w2 w3 w4 w5 w6 w7 w8 w9 w10'));
    const ops = adapter.sent;
    expect(ops[0]).toMatchObject({ op: 'send', out: { kind: 'draft' } });
    const edits = ops.filter((o) => o.op === 'edit');
    expect(edits.at(-1)).toMatchObject({ ref: 1, out: { kind: 'answer', text: '答：w1 w2 w3 w4 w5 w6 w7 w8 w9 w10' } });
    // 10 words × 15 ms = 150 ms of streaming: at most one draft per 40 ms, then the final edit.
    expect(edits.filter((o) => o.out!.kind === 'draft').length).toBeLessThanOrEqual(Math.ceil(150 / 40));
    expect(ops.filter((o) => o.op === 'send')).toHaveLength(1);
  });

  it('sends the answer anew when the draft cannot be edited, and says one sentence when answering fails', async () => {
    const { adapter, core, logs } = setup();
    adapter.failEdits = true;
    await core.handle(msg('w1 w2'));
    expect(adapter.texts().at(-1)).toBe('答：w1 w2');
    await core.handle(msg('boom 了'));
    await core.handle(msg('long'));
    await core.handle(msg('boom, in English'));
    expect(adapter.texts().slice(-3)).toEqual([
      '抱歉，回答这个问题时出了点问题，请稍后再试。',
      '问题太长了',
      'Sorry, something went wrong while answering; please try again later.',
    ]);
    expect(logs.join('\n')).toContain('engine exploded');
  });

  it('answers an English speaker in English', async () => {
    const { adapter, core } = setup({ ratePerMinute: 1 });
    await core.handle(msg('w1'));
    await core.handle(msg('What about Guangdong?'));
    expect(adapter.texts().at(-1)).toMatch(/^You are asking a little too often/);
  });

  it('does not answer a message older than the delivery log remembers', async () => {
    const { adapter, core, rejections } = setup({ maxAge: 60_000 });
    await core.handle(msg('old', { sentAt: Date.now() - 120_000 }));
    await core.handle(msg('new', { sentAt: Date.now() - 1000 }));
    expect(adapter.texts()).toEqual(['答：new']);
    expect(rejections.counts()).toEqual({ 'stale message': 1 });
  });

  it('drains: lets answers finish within the grace period, then cancels the rest', async () => {
    const { adapter, core } = setup({ pauseMs: 100 });
    void core.handle(msg('a b', { chatId: 'quick' }));
    void core.handle(msg(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '), { chatId: 'slow' }));
    const started = Date.now();
    await core.drain(500);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(core.pending).toBe(0);
    expect(adapter.texts('quick').at(-1)).toBe('答：a b');
    expect(adapter.texts('slow').at(-1)).toBe('抱歉，回答这个问题时出了点问题，请稍后再试。');
  });
});
