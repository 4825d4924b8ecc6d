import type { AnswerEngine } from '../../answer/engine.js';
import { InputError } from '../../answer/engine.js';
import { lastAnswer } from '../../answer/types.js';
import type { Logger } from '../../util/log.js';
import { ConversationStore } from '../conversations.js';
import { KeyedQueue } from '../keyed-queue.js';
import { RateLimiter } from '../rate-limit.js';
import type { SeenStore } from '../seen-store.js';
import { presentAnswer, presentSources } from '../present.js';
import { CHANNEL_TEXTS, describeIssues } from '../texts.js';
import { FeishuApiError } from './api.js';
import { answerCard, answerText, plainText, sourcesText } from './card.js';
import type { IncomingMessage } from './events.js';
import type { FeishuSender } from './sender.js';
import { logAnswered } from '../answer-log.js';

export interface FeishuSettings {
  ratePerMinute: number;
  updateIntervalMs: number;
}

export interface FeishuChannelDeps {
  engine: AnswerEngine;
  sender: FeishuSender;
  seen: SeenStore;
  log: Logger;
  settings: FeishuSettings;
}

/** The Feishu adapter over the answer engine: which messages to answer, and how replies look. */
export class FeishuChannel {
  private readonly conversations = new ConversationStore();
  private readonly queue = new KeyedQueue();
  private readonly limiter: RateLimiter;
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly deps: FeishuChannelDeps) {
    this.limiter = new RateLimiter(deps.settings.ratePerMinute, 60_000);
  }

  /**
   * Takes a message event. Returns at once (Feishu re-sends what is not acknowledged within 3 s);
   * the answer is prepared in the background, in order per chat. Re-deliveries are dropped here.
   */
  accept(message: IncomingMessage): void {
    if (!this.deps.seen.claim(`msg:${message.messageId}`, message.eventId ? `evt:${message.eventId}` : null)) {
      this.deps.log.debug('feishu: duplicate event ignored', { message: message.messageId, event: message.eventId });
      return;
    }
    if (message.chatType !== 'p2p' && !message.mentionsBot) return;
    void this.queue.run(message.chatId, () => this.handle(message).catch((error) => this.failed(message, error)));
  }

  private async handle(m: IncomingMessage): Promise<void> {
    const inThread = Boolean(m.threadId);
    const say = (text: string) => this.deps.sender.replyText(m.chatId, m.messageId, plainText(text), inThread);
    if (m.text === null) return say(CHANNEL_TEXTS.nonText);
    const text = m.text.trim();
    const command = /^\/(\w+)/.exec(text)?.[1]?.toLowerCase();
    const key = `feishu:${m.chatId}`;
    if (command === 'help' || command === 'start') return say(CHANNEL_TEXTS.help);
    if (command === 'reset') {
      this.conversations.reset(key);
      return say(CHANNEL_TEXTS.reset);
    }
    if (command === 'issues') return say(describeIssues(this.deps.engine.corpus));
    if (command === 'sources') {
      const answer = lastAnswer(this.conversations.get(key));
      if (!answer) return say(CHANNEL_TEXTS.noSources);
      const { heading, sources } = presentSources(answer);
      return this.deps.sender.replyText(m.chatId, m.messageId, sourcesText(heading, sources), inThread);
    }
    const wait = this.limiter.take(m.senderOpenId ?? m.chatId);
    if (wait > 0) return say(CHANNEL_TEXTS.rateLimited(Math.ceil(wait / 1000)));
    await this.answer(m, text, key, inThread);
  }

  private async answer(m: IncomingMessage, question: string, key: string, inThread: boolean): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const started = performance.now();
      const pending = this.deps.engine.ask(question, this.conversations.get(key), { signal: controller.signal });
      let cardId: string | null = null;
      let streamed = '';
      let lastUpdate = 0;
      for await (const event of pending) {
        streamed = event.type === 'delta' ? streamed + event.text : '';
        if (!streamed.trim() || Date.now() - lastUpdate < this.deps.settings.updateIntervalMs) continue;
        const draft = answerCard({ body: streamed, sources: [] }, { draft: true });
        try {
          if (cardId === null) {
            const sent = await this.deps.sender.reply(m.chatId, m.messageId, draft, plainText(streamed), inThread);
            cardId = sent.card ? sent.id : null;
          } else await this.deps.sender.patch(m.chatId, cardId, draft);
        } catch (error) {
          this.deps.log.warn('feishu: could not show the answer in progress', { error: describe(error) });
        }
        lastUpdate = Date.now();
      }
      const answer = await pending.answer;
      await this.deliverFinal(m, cardId, presentAnswer(answer), inThread);
      logAnswered(this.deps.log, 'feishu', m.chatId, answer, performance.now() - started);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await this.deps.sender.replyText(m.chatId, m.messageId, plainText(error.message), inThread);
    } finally {
      this.inFlight.delete(controller);
    }
  }

  private async deliverFinal(
    m: IncomingMessage,
    cardId: string | null,
    presented: ReturnType<typeof presentAnswer>,
    inThread: boolean,
  ): Promise<void> {
    if (cardId !== null) {
      try {
        await this.deps.sender.patch(m.chatId, cardId, answerCard(presented));
        return;
      } catch (error) {
        this.deps.log.warn('feishu: final card update failed; replying anew', { error: describe(error) });
      }
    }
    await this.deps.sender.reply(m.chatId, m.messageId, answerCard(presented), answerText(presented), inThread);
  }

  private async failed(m: IncomingMessage, error: unknown): Promise<void> {
    this.deps.log.error('feishu: handling a message failed', { message: m.messageId, chat: m.chatId, error: describe(error) });
    await this.deps.sender.replyText(m.chatId, m.messageId, plainText(CHANNEL_TEXTS.error), Boolean(m.threadId)).catch(() => {});
  }

  /** Lets answers in flight finish for up to `graceMs`, then cancels the rest. */
  async drain(graceMs: number): Promise<void> {
    if (!(await this.queue.idle(graceMs))) {
      for (const c of this.inFlight) c.abort();
      await this.queue.idle(2000);
    }
    await this.deps.seen.flush();
  }
}

export function describe(error: unknown): string {
  if (error instanceof FeishuApiError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
