import { sequentialize } from '@grammyjs/runner';
import { LRUCache } from 'lru-cache';
import { InputError, type AnswerEngine } from '../../answer/engine.js';
import { lastAnswer, newConversation, type Answer, type Conversation } from '../../answer/types.js';
import type { Logger } from '../../util/log.js';
import { logAnswered } from '../answer-log.js';
import { RateLimiter } from '../rate-limit.js';
import type { DeliveryLog } from '../seen-store.js';
import { channelTexts, describeIssues } from '../texts.js';
import type { ChannelAdapter, InboundMessage } from './adapter.js';
import type { RejectionLog } from './rejections.js';

export interface CoreSettings {
  /** Questions per sender per minute before a polite "too often" reply. */
  ratePerMinute: number;
  /** A streamed answer's message is edited at most this often. */
  editIntervalMs: number;
  /** Messages older than this are not answered (a re-delivery the delivery log may have forgotten); null: no limit. */
  maxMessageAgeMs: number | null;
}

export interface CoreDeps<M extends InboundMessage, Out, Ref> {
  adapter: ChannelAdapter<M, Out, Ref>;
  engine: AnswerEngine;
  log: Logger;
  seen: DeliveryLog;
  rejections: RejectionLog;
  settings: CoreSettings;
  now?: () => number;
}

const COMMANDS = ['help', 'start', 'reset', 'issues', 'sources'] as const;
type Command = (typeof COMMANDS)[number];

/**
 * What every channel does with a message, once: drop re-deliveries and messages from bots, answer
 * only what is addressed to the bot, run the commands, limit the rate per sender, answer in order
 * per chat (different chats in parallel), show a streamed answer as throttled edits, reply to a
 * failure with one plain sentence, and drain answers in flight on shutdown.
 */
export class ChannelCore<M extends InboundMessage, Out, Ref> {
  /** Conversations per chat, forgotten after a day of silence or when too many chats are open. */
  private readonly conversations = new LRUCache<string, Conversation>({ max: 5000, ttl: 24 * 3600_000, updateAgeOnGet: true });
  private readonly limiter: RateLimiter;
  // grammY's runner middleware; it only needs a key per message, so every channel uses it.
  private readonly inChatOrder = sequentialize<M>((m) => m.chatId);
  private readonly inFlight = new Set<AbortController>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: CoreDeps<M, Out, Ref>) {
    this.limiter = new RateLimiter(deps.settings.ratePerMinute, 60_000);
    this.now = deps.now ?? Date.now;
  }

  get name(): string {
    return this.deps.adapter.name;
  }

  /** Takes a message and resolves once it is handled (after earlier messages of its chat). Never rejects. */
  handle(m: M): Promise<void> {
    const command = this.admit(m);
    if (command === false) return Promise.resolve();
    const wait = command === null && m.text !== null ? this.limiter.take(m.senderId ?? m.chatId) : 0;
    const task = this.inChatOrder(m, () => this.respond(m, command, wait)).catch((error) => this.failed(m, error));
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
    return task;
  }

  /**
   * Whether to handle a message at all: false to drop it, else its command (null for a question).
   * Checked at arrival, before any await, so that concurrent re-deliveries cannot both pass.
   */
  private admit(m: M): Command | null | false {
    if (m.fromBot) {
      this.deps.rejections.reject('message from a bot', { chat: m.chatId });
      return false;
    }
    if (!m.addressed) return false;
    if (!this.deps.seen.claim(...m.deliveryIds)) {
      this.deps.log.debug(`${this.name}: duplicate delivery ignored`, { ids: m.deliveryIds });
      return false;
    }
    const maxAge = this.deps.settings.maxMessageAgeMs;
    if (maxAge !== null && m.sentAt !== null && this.now() - m.sentAt > maxAge) {
      this.deps.rejections.reject('stale message', { chat: m.chatId });
      return false;
    }
    return commandOf(m.text);
  }

  private async respond(m: M, command: Command | null, wait: number): Promise<void> {
    const texts = channelTexts(m.text);
    const say = (text: string) => this.send(m, this.deps.adapter.render.text(text));
    if (m.text === null) return say(texts.nonText);
    if (command === 'help' || command === 'start') return say(texts.help);
    if (command === 'reset') {
      this.conversations.delete(m.chatId);
      return say(texts.reset);
    }
    if (command === 'issues') return say(describeIssues(this.deps.engine.corpus));
    if (command === 'sources') {
      const answer = lastAnswer(this.conversation(m));
      return answer ? this.send(m, this.deps.adapter.render.sources(answer)) : say(texts.noSources);
    }
    if (wait > 0) return say(texts.rateLimited(Math.ceil(wait / 1000)));
    await this.answer(m, m.text.trim());
  }

  private async answer(m: M, question: string): Promise<void> {
    const { adapter, engine, log, settings } = this.deps;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const stopTyping = this.keepTyping(m);
    try {
      const started = performance.now();
      const pending = engine.ask(question, this.conversation(m), { signal: controller.signal });
      let draft: Ref | null = null;
      let editable = adapter.capabilities.streamingEdits;
      let streamed = '';
      let shown = '';
      let shownAt = -Infinity;
      for await (const event of pending) {
        streamed = event.type === 'delta' ? streamed + event.text : '';
        if (!editable || !streamed.trim() || streamed === shown || this.now() - shownAt < settings.editIntervalMs) continue;
        try {
          const out = adapter.render.draft(streamed);
          if (draft === null) {
            draft = await adapter.send(m, out);
            editable = draft !== null;
          } else await adapter.edit(m, draft, out);
          shown = streamed;
        } catch (error) {
          log.warn(`${this.name}: could not show the answer in progress`, { error: adapter.describeError(error) });
        }
        shownAt = this.now();
      }
      const answer = await pending.answer;
      await this.deliver(m, answer, draft);
      logAnswered(log, this.name, m.chatId, answer, performance.now() - started);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await this.send(m, adapter.render.text(error.message));
    } finally {
      stopTyping();
      this.inFlight.delete(controller);
    }
  }

  /** The final answer replaces the draft; when that edit fails, it is sent anew rather than lost. */
  private async deliver(m: M, answer: Answer, draft: Ref | null): Promise<void> {
    const { adapter, log } = this.deps;
    const out = adapter.render.answer(answer, m);
    if (draft !== null) {
      try {
        await adapter.edit(m, draft, out);
        return;
      } catch (error) {
        log.warn(`${this.name}: final update of the answer failed; replying anew`, { error: adapter.describeError(error) });
      }
    }
    await this.send(m, out);
  }

  private async send(m: M, out: Out): Promise<void> {
    await this.deps.adapter.send(m, out);
  }

  private keepTyping(m: M): () => void {
    const { adapter, log } = this.deps;
    const interval = adapter.capabilities.typingIntervalMs;
    if (!adapter.typing || interval === null) return () => {};
    const show = () =>
      void adapter.typing!(m).catch((error) => log.debug(`${this.name}: typing indicator failed`, { error: adapter.describeError(error) }));
    show();
    const timer = setInterval(show, interval);
    return () => clearInterval(timer);
  }

  private async failed(m: M, error: unknown): Promise<void> {
    const { adapter, log } = this.deps;
    log.error(`${this.name}: handling a message failed`, { chat: m.chatId, ids: m.deliveryIds, error: adapter.describeError(error) });
    await this.send(m, adapter.render.text(channelTexts(m.text).error)).catch((e) =>
      log.warn(`${this.name}: could not send the error reply`, { chat: m.chatId, error: adapter.describeError(e) }),
    );
  }

  private conversation(m: M): Conversation {
    let c = this.conversations.get(m.chatId);
    if (!c) {
      c = newConversation(`${this.name}:${m.chatId}`);
      this.conversations.set(m.chatId, c);
    }
    return c;
  }

  /** Messages being handled or waiting for their turn. */
  get pending(): number {
    return this.tasks.size;
  }

  /** Resolves true once nothing is being handled, or false after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<boolean> {
    const until = this.now() + timeoutMs;
    while (this.tasks.size) {
      const left = until - this.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.tasks]), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return true;
  }

  /** Lets answers in flight finish for up to `graceMs`, then cancels the rest. Call after intake has stopped. */
  async drain(graceMs: number): Promise<void> {
    if (!(await this.idle(graceMs))) {
      for (const c of this.inFlight) c.abort();
      await this.idle(2000);
    }
    await this.deps.seen.flush();
  }
}

/** `/help`, `/help@bot_name`, `/HELP 内容`: the command, or null for a question. */
function commandOf(text: string | null): Command | null {
  const name = /^\/([A-Za-z]+)(?:@\S+)?(?:\s|$)/.exec(text?.trim() ?? '')?.[1]?.toLowerCase();
  return (COMMANDS as readonly string[]).includes(name ?? '') ? (name as Command) : null;
}
