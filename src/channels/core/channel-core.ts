import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { InputError, type AnswerEngine } from '../../answer/engine.js';
import { lastAnswer, newConversation, type Answer, type Conversation } from '../../answer/types.js';
import type { Logger } from '../../util/log.js';
import { SerialPerKey } from '../../util/serial-per-key.js';
import { logAnswered } from '../answer-log.js';
import { RateLimiter } from '../rate-limit.js';
import type { DeliveryLog } from '../seen-store.js';
import { digestText, type Digest } from '../../subscriptions/digest.js';
import { channelTexts, describeIssues } from '../texts.js';
import type { Button, ChannelAdapter, InboundMessage } from './adapter.js';
import { answerButtons, parseAction } from './buttons.js';
import { commandOf, type Command } from './commands.js';
import { deliverOriginal, originalButtons } from './originals.js';
import type { OriginalsDesk } from '../../originals/types.js';
import type { RejectionLog } from './rejections.js';
import type { ChannelServices } from './services.js';
import { StateWriteError } from '../../state/state-file.js';
import { AppError } from '../../util/app-error.js';

export interface CoreSettings {
  /** Questions per sender per minute before a polite "too often" reply. */
  ratePerMinute: number;
  /** A streamed answer's message is edited at most this often. */
  editIntervalMs: number;
  /** Messages older than this are not answered (a re-delivery the delivery log may have forgotten); null: no limit. */
  maxMessageAgeMs: number | null;
  /** Senders who may add a bulletin by sending its file in a private chat. */
  admins?: readonly string[];
}

/** A button pressed under one of the bot's messages. */
export interface Press {
  action: string;
  chatId: string;
  senderId: string | null;
}

/** What the platform shows the presser at once (a toast), and what to do after that. */
export interface PressResult {
  toast: string | null;
  after?: () => Promise<void>;
}

export interface CoreDeps<M extends InboundMessage, Out, Ref> {
  adapter: ChannelAdapter<M, Out, Ref>;
  engine: AnswerEngine;
  log: Logger;
  seen: DeliveryLog;
  rejections: RejectionLog;
  settings: CoreSettings;
  services?: ChannelServices;
  now?: () => number;
}

/**
 * What every channel does with a message, once: drop re-deliveries and messages from bots, answer
 * only what is addressed to the bot, run the commands, limit the rate per sender, answer in order
 * per chat (different chats in parallel), show a streamed answer as throttled edits, reply to a
 * failure with one plain sentence, and drain answers in flight on shutdown.
 */
export class ChannelCore<M extends InboundMessage, Out, Ref> {
  /** Conversations per chat, forgotten after a day of silence or when too many chats are open. */
  private readonly conversations = new LRUCache<string, Conversation>({ max: 5000, ttl: 24 * 3600_000, updateAgeOnGet: true });
  /** Answers by id, with the chat they went to (their buttons work there only) and the message they replied to. */
  private readonly answers = new LRUCache<string, { chatId: string; answer: Answer; to: M }>({ max: 5000, ttl: 7 * 24 * 3600_000 });
  private readonly limiter: RateLimiter;
  private readonly inChatOrder = new SerialPerKey();
  private readonly inFlight = new Set<AbortController>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: CoreDeps<M, Out, Ref>) {
    this.limiter = new RateLimiter(deps.settings.ratePerMinute, 60_000);
    // Read at each call (not captured here), so that a fake clock installed later is the one used.
    this.now = deps.now ?? (() => Date.now());
  }

  get name(): string {
    return this.deps.adapter.name;
  }

  /** Takes a message and resolves once it is handled (after earlier messages of its chat). Never rejects. */
  handle(m: M): Promise<void> {
    const command = this.admit(m);
    if (command === false) return Promise.resolve();
    const wait = command === null && m.text !== null ? this.limiter.take(m.senderId ?? m.chatId) : 0;
    const task = this.inChatOrder.run(m.chatId, () => this.respond(m, command, wait)).catch((error) => this.failed(m, error));
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
    const texts = channelTexts(m.text, m.languageHint ?? null);
    const say = (text: string) => this.send(m, this.deps.adapter.render.text(text));
    if (m.file && m.isPrivate) return this.receiveFile(m);
    if (m.text === null) return say(texts.nonText);
    if (command === 'help' || command === 'start') return say(texts.help);
    if (command === 'subscribe' || command === 'unsubscribe') return say(await this.subscription(m, command));
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
      const id = randomBytes(9).toString('base64url');
      this.answers.set(id, { chatId: m.chatId, answer, to: m });
      this.deps.services?.feedback?.given(id);
      await this.deliver(m, answer, draft, [...answerButtons(id, answer, adapter.capabilities.cards), ...this.originalButtons(id, answer)]);
      const latencyMs = performance.now() - started;
      logAnswered(log, this.name, m.chatId, answer, latencyMs);
      this.deps.services?.feedback?.answered({
        id,
        channel: this.name,
        isPrivate: m.isPrivate,
        senderId: m.senderId,
        question,
        answer,
        retrievalMode: engine.retrievalMode,
        latencyMs,
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await this.send(m, adapter.render.text(error.message));
    } finally {
      stopTyping();
      this.inFlight.delete(controller);
    }
  }

  /** The final answer replaces the draft; when that edit fails, it is sent anew rather than lost. */
  private async deliver(m: M, answer: Answer, draft: Ref | null, buttons: Button[]): Promise<void> {
    const { adapter, log } = this.deps;
    const out = adapter.render.answer(answer, m, buttons);
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

  /** /subscribe and /unsubscribe (订阅, 取消订阅): digests of new issues in this chat. */
  private async subscription(m: M, command: 'subscribe' | 'unsubscribe'): Promise<string> {
    const texts = channelTexts(m.text, m.languageHint ?? null);
    const book = this.deps.services?.subscriptions;
    if (!book) return texts.subscriptionsOff;
    try {
      if (command === 'subscribe') return (await book.add(this.name, m.chatId, m.isPrivate)) ? texts.subscribed : texts.alreadySubscribed;
      return (await book.remove(this.name, m.chatId)) ? texts.unsubscribed : texts.notSubscribed;
    } catch (error) {
      if (!(error instanceof StateWriteError)) throw error;
      this.deps.log.error(`${this.name}: the subscription list could not be saved; nothing changed`, { error: error.message });
      return texts.subscriptionNotSaved;
    }
  }

  /** A file in a private chat: a bulletin when an admin sends it; anyone else gets one sentence and nothing is fetched. */
  private async receiveFile(m: M): Promise<void> {
    const { adapter, settings, services } = this.deps;
    const texts = channelTexts(m.text, m.languageHint ?? null);
    const say = (text: string, buttons?: Button[]) => this.send(m, adapter.render.text(text, buttons));
    const admin = m.senderId !== null && (settings.admins ?? []).includes(m.senderId);
    if (!admin || !services?.uploads || !adapter.download) {
      this.deps.rejections.reject(admin ? 'file received; uploads are off' : 'file from a user who is not an admin', { chat: m.chatId });
      return say(texts.uploadNotAllowed);
    }
    const stopTyping = this.keepTyping(m);
    try {
      await services.uploads.receive({
        channel: this.name,
        chatId: m.chatId,
        senderId: m.senderId!,
        file: m.file!,
        download: (maxBytes) => adapter.download!(m, maxBytes),
        reply: say,
      });
    } finally {
      stopTyping();
    }
  }

  /**
   * A button under one of the bot's messages: 查看来源, 查看原文 and 下载原文 (only in the chat its
   * answer went to), 👍/👎 (recorded in the feedback log), or an admin's choice about an upload. Never rejects.
   */
  async press(p: Press): Promise<PressResult> {
    const texts = channelTexts();
    const action = parseAction(p.action);
    const known = action && 'id' in action ? this.answers.get(action.id) : undefined;
    if (known && known.chatId !== p.chatId) return { toast: texts.sourcesExpired };
    switch (action?.kind) {
      case 'sources': {
        if (!known) return { toast: texts.sourcesExpired };
        return { toast: null, after: () => this.post(p.chatId, this.deps.adapter.render.sources(known.answer)) };
      }
      case 'original': {
        const desk = this.originals();
        if (!known || !desk) return { toast: texts.sourcesExpired };
        const { adapter, log } = this.deps;
        const asked = channelTexts(known.answer.language === 'en' ? known.answer.question : null);
        return { toast: asked.originalPreparing, after: () => deliverOriginal({ adapter, desk, log }, known.to, known.answer, action) };
      }
      case 'vote': {
        // An answer from before a restart is no longer in memory; the feedback log knows its id (72 random bits).
        const outcome = this.deps.services?.feedback?.voted({
          answerId: action.id,
          channel: this.name,
          senderId: p.senderId,
          chatId: p.chatId,
          vote: action.vote,
        });
        if (outcome === 'unknown answer') {
          this.deps.rejections.reject('vote for an answer the bot did not give', { chat: p.chatId });
          return { toast: texts.voteExpired };
        }
        if (outcome === 'repeated') return { toast: texts.voteRepeated };
        return { toast: action.vote === 'up' ? texts.thanksUp : texts.thanksDown };
      }
      case 'upload': {
        const uploads = this.deps.services?.uploads;
        if (!uploads) return { toast: texts.sourcesExpired };
        const by = { channel: this.name, chatId: p.chatId, senderId: p.senderId };
        return {
          toast: null,
          after: async () => this.post(p.chatId, this.deps.adapter.render.text(await uploads.decide(action.token, action.replace, by))),
        };
      }
      default:
        this.deps.rejections.reject('button not understood', { chat: p.chatId });
        return { toast: null };
    }
  }

  /** The page viewer, when the service has one and this platform can send pictures and files. */
  private originals(): OriginalsDesk | null {
    const { adapter, services } = this.deps;
    return services?.originals && adapter.sendImage && adapter.sendFile ? services.originals : null;
  }

  private originalButtons(id: string, answer: Answer): Button[] {
    const desk = this.originals();
    return desk ? originalButtons(id, answer, desk) : [];
  }

  /** Sends a new issue's digest to a chat; 'gone' when the platform says the chat is gone for the bot. */
  async notify(chatId: string, digest: Digest): Promise<'sent' | 'gone'> {
    const { adapter } = this.deps;
    const out = adapter.render.digest ? adapter.render.digest(digest) : adapter.render.text(digestText(digest));
    try {
      await this.post(chatId, out);
      return 'sent';
    } catch (error) {
      if (adapter.isGone?.(error)) return 'gone';
      throw new AppError(adapter.describeError(error), { cause: error });
    }
  }

  private async post(chatId: string, out: Out): Promise<void> {
    if (!this.deps.adapter.post) throw new Error(`${this.name}: cannot send on its own initiative`);
    await this.deps.adapter.post(chatId, out);
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
    await this.send(m, adapter.render.text(channelTexts(m.text, m.languageHint ?? null).error)).catch((e) =>
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
