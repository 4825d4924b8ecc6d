import { Bot, type Context } from 'grammy';
import { randomBytes } from 'node:crypto';
import type { AnswerEngine } from '../../answer/engine.js';
import { InputError } from '../../answer/engine.js';
import { lastAnswer, type Answer } from '../../answer/types.js';
import type { Logger } from '../../util/log.js';
import { ConversationStore } from '../conversations.js';
import { KeyedQueue } from '../keyed-queue.js';
import { LruMap } from '../lru.js';
import { RateLimiter } from '../rate-limit.js';
import { presentSources } from '../present.js';
import { CHANNEL_TEXTS, describeIssues } from '../texts.js';
import { plainMessages, sourcesMessages } from './format.js';
import { describe, replyWithAnswer, sendMessages, type ReplyTarget } from './replier.js';
import { retryAfterTransformer } from './api-retry.js';
import { logAnswered } from '../answer-log.js';

export interface TelegramSettings {
  allowedUsers: number[];
  groups: 'mention' | 'off';
  ratePerMinute: number;
  maxRetryAfterSeconds: number;
  editIntervalMs: number;
  typingIntervalMs: number;
}

export interface TelegramBotDeps {
  engine: AnswerEngine;
  log: Logger;
  settings: TelegramSettings;
}

const SOURCES_PREFIX = 'src:';

/** The Telegram adapter: grammY handlers over the answer engine. Knows nothing of how answers are made. */
export class TelegramChannel {
  private readonly conversations = new ConversationStore();
  private readonly queue = new KeyedQueue();
  private readonly limiter: RateLimiter;
  private readonly seenUpdates = new LruMap<number, true>(10_000);
  private readonly answers = new LruMap<string, Answer>(2000, 7 * 24 * 3600_000);
  private readonly inFlight = new Set<AbortController>();

  constructor(
    readonly bot: Bot,
    private readonly deps: TelegramBotDeps,
  ) {
    this.limiter = new RateLimiter(deps.settings.ratePerMinute, 60_000);
    bot.api.config.use(retryAfterTransformer(deps.settings.maxRetryAfterSeconds));
    this.install();
  }

  private install(): void {
    const { bot } = this;
    const { settings, log } = this.deps;
    bot.use(async (ctx, next) => {
      if (this.seenUpdates.has(ctx.update.update_id))
        return log.debug('telegram: duplicate update ignored', { update: ctx.update.update_id });
      this.seenUpdates.set(ctx.update.update_id, true);
      const from = ctx.from?.id;
      if (settings.allowedUsers.length && (from === undefined || !settings.allowedUsers.includes(from))) {
        if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(CHANNEL_TEXTS.notAllowed);
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: CHANNEL_TEXTS.notAllowed });
        return;
      }
      await next();
    });
    bot.command(['start', 'help'], (ctx) => ctx.reply(CHANNEL_TEXTS.help));
    bot.command('reset', (ctx) => {
      this.conversations.reset(chatKey(ctx));
      return ctx.reply(CHANNEL_TEXTS.reset);
    });
    bot.command('issues', (ctx) => ctx.reply(describeIssues(this.deps.engine.corpus)));
    bot.command('sources', (ctx) => this.sendSources(ctx, lastAnswer(this.conversations.get(chatKey(ctx)))));
    bot.callbackQuery(new RegExp(`^${SOURCES_PREFIX}`), async (ctx) => {
      const answer = this.answers.get(ctx.callbackQuery.data.slice(SOURCES_PREFIX.length));
      await ctx.answerCallbackQuery(answer ? {} : { text: CHANNEL_TEXTS.sourcesExpired });
      if (answer) await this.sendSources(ctx, answer);
    });
    bot.on('message:text', (ctx) => {
      const question = this.questionOf(ctx);
      if (question === null) return;
      const wait = this.limiter.take(String(ctx.from?.id ?? ctx.chat.id));
      if (wait > 0)
        return ctx.reply(CHANNEL_TEXTS.rateLimited(Math.ceil(wait / 1000)), { reply_parameters: { message_id: ctx.message.message_id } });
      // Answered in the background, in order per chat: polling goes on for other chats meanwhile.
      void this.queue.run(chatKey(ctx), () => this.answer(ctx, question));
    });
    bot.on('message', (ctx) => {
      if (ctx.chat.type === 'private') return ctx.reply(CHANNEL_TEXTS.nonText);
    });
    bot.catch((err) => {
      log.error('telegram: handler failed', { update: err.ctx.update.update_id, error: describe(err.error) });
      void err.ctx.reply(CHANNEL_TEXTS.error).catch(() => {});
    });
  }

  /** The question in a message, or null when the bot should stay silent (a group message not for it). */
  private questionOf(ctx: Context & { message: { text: string } }): string | null {
    const message = ctx.message;
    if (ctx.chat?.type === 'private') return message.text;
    if (this.deps.settings.groups === 'off') return null;
    const me = this.bot.botInfo;
    const mention = `@${me.username}`;
    const mentioned = (message.entities ?? []).some(
      (e) =>
        (e.type === 'mention' && message.text.slice(e.offset, e.offset + e.length).toLowerCase() === mention.toLowerCase()) ||
        (e.type === 'text_mention' && e.user.id === me.id),
    );
    const repliedTo = (ctx.message as { reply_to_message?: { from?: { id: number } } }).reply_to_message?.from?.id === me.id;
    if (!mentioned && !repliedTo) return null;
    return message.text
      .split(new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'ig'))
      .join(' ')
      .trim();
  }

  private async answer(ctx: Context & { message: { text: string; message_id: number } }, question: string): Promise<void> {
    const target: ReplyTarget = { chatId: ctx.chat!.id, replyTo: ctx.chat!.type === 'private' ? undefined : ctx.message.message_id };
    const controller = new AbortController();
    this.inFlight.add(controller);
    const typing = this.keepTyping(target.chatId);
    try {
      const started = performance.now();
      const pending = this.deps.engine.ask(question, this.conversations.get(chatKey(ctx)), { signal: controller.signal });
      const answer = await replyWithAnswer(this.bot.api, target, pending, {
        editIntervalMs: this.deps.settings.editIntervalMs,
        log: this.deps.log,
        sourcesButtonData: (answer) => (answer.citations.length || answer.retrieved.length ? SOURCES_PREFIX + this.remember(answer) : null),
      });
      logAnswered(this.deps.log, 'telegram', String(target.chatId), answer, performance.now() - started);
    } catch (error) {
      if (error instanceof InputError) await sendMessages(this.bot.api, target, plainMessages(error.message)).catch(() => {});
      else {
        this.deps.log.error('telegram: answering failed', { chat: target.chatId, error: describe(error) });
        await this.bot.api.sendMessage(target.chatId, CHANNEL_TEXTS.error).catch(() => {});
      }
    } finally {
      clearInterval(typing);
      this.inFlight.delete(controller);
    }
  }

  /** "typing…" lasts five seconds on Telegram; it is repeated while the answer is prepared. */
  private keepTyping(chatId: number): NodeJS.Timeout {
    const send = () =>
      void this.bot.api
        .sendChatAction(chatId, 'typing')
        .catch((e) => this.deps.log.debug('telegram: typing action failed', { error: describe(e) }));
    send();
    return setInterval(send, this.deps.settings.typingIntervalMs);
  }

  private remember(answer: Answer): string {
    const id = randomBytes(6).toString('base64url');
    this.answers.set(id, answer);
    return id;
  }

  private async sendSources(ctx: Context, answer: Answer | undefined): Promise<void> {
    if (!answer) {
      await ctx.reply(CHANNEL_TEXTS.noSources);
      return;
    }
    const { heading, sources } = presentSources(answer);
    await sendMessages(this.bot.api, { chatId: ctx.chat!.id }, sourcesMessages(heading, sources));
  }

  /** Stops taking work, lets answers in flight finish for up to `graceMs`, then cancels the rest. */
  async drain(graceMs: number): Promise<void> {
    if (await this.queue.idle(graceMs)) return;
    for (const c of this.inFlight) c.abort();
    await this.queue.idle(2000);
  }
}

function chatKey(ctx: Context): string {
  return `tg:${ctx.chat?.id ?? ctx.from?.id ?? 'unknown'}`;
}
