import { randomBytes } from 'node:crypto';
import { GrammyError, HttpError, InlineKeyboard, type Api } from 'grammy';
import { LRUCache } from 'lru-cache';
import type { Answer } from '../../answer/types.js';
import type { ChannelAdapter, InboundMessage } from '../core/adapter.js';
import { presentAnswer, presentSources } from '../present.js';
import { channelTexts } from '../texts.js';
import { answerMessages, MAX_MESSAGE, plainMessages, sourcesMessages, type Messages } from './format.js';

/** A Telegram message for the core, with what a reply needs. */
export interface TelegramMessage extends InboundMessage {
  chat: number;
  /** The message to thread a reply under (groups), if any. */
  replyTo: number | null;
}

/** What is sent: messages split under 4096 characters, HTML with a plain fallback, a button on the last. */
export interface TelegramOut {
  messages: Messages;
  keyboard?: InlineKeyboard;
  /** Text still being written: sent as it is, without formatting. */
  plain?: boolean;
}

/** The 查看来源 button's callback data: this prefix and an id of the answer. */
export const SOURCES_PREFIX = 'src:';

/** An answer whose sources a button can show, and the chat it was sent to (the button works there only). */
interface RememberedAnswer {
  chat: number;
  answer: Answer;
}

/** Telegram for the channel core: HTML messages, edits, the typing indicator and the 查看来源 button. */
export class TelegramAdapter implements ChannelAdapter<TelegramMessage, TelegramOut, number> {
  readonly name = 'telegram';
  readonly capabilities = { streamingEdits: true, cards: false, typingIntervalMs: 4000 };
  private readonly answers = new LRUCache<string, RememberedAnswer>({ max: 2000, ttl: 7 * 24 * 3600_000 });

  constructor(private readonly api: Api) {}

  readonly render = {
    text: (text: string): TelegramOut => ({ messages: plainMessages(text) }),
    draft: (text: string): TelegramOut => {
      const draft = `${text.slice(0, MAX_MESSAGE - 2)} …`;
      return { messages: { html: [draft], plain: [draft] }, plain: true };
    },
    answer: (answer: Answer, to: TelegramMessage): TelegramOut => {
      const texts = channelTexts(answer.language === 'en' ? answer.question : null);
      const messages = answerMessages(presentAnswer(answer), texts.sourcesHeading);
      const hasSources = answer.citations.length > 0 || answer.retrieved.length > 0;
      const keyboard = hasSources
        ? new InlineKeyboard().text(texts.sourcesButton, SOURCES_PREFIX + this.remember(answer, to.chat))
        : undefined;
      return { messages, keyboard };
    },
    sources: (answer: Answer): TelegramOut => {
      const { heading, sources } = presentSources(answer);
      return { messages: sourcesMessages(heading, sources) };
    },
  };

  /** The answer behind a 查看来源 button, when the button is pressed in the chat the answer went to. */
  rememberedAnswer(id: string, chat: number | undefined): Answer | null {
    const entry = this.answers.get(id);
    return entry && entry.chat === chat ? entry.answer : null;
  }

  async send(to: TelegramMessage, out: TelegramOut): Promise<number> {
    const ids = await this.sendMessages(to.chat, out, to.replyTo);
    return ids[0]!;
  }

  /** Replaces a draft with the first message of `out`; the rest (a long answer) follows as new messages. */
  async edit(to: TelegramMessage, messageId: number, out: TelegramOut): Promise<void> {
    const { html, plain } = out.messages;
    const single = html.length === 1;
    await this.editMessage(to.chat, messageId, out.plain ? null : html[0]!, plain[0]!, single ? out.keyboard : undefined);
    if (!single) await this.sendMessages(to.chat, { ...out, messages: { html: html.slice(1), plain: plain.slice(1) } }, null);
  }

  async typing(to: TelegramMessage): Promise<void> {
    await this.api.sendChatAction(to.chat, 'typing');
  }

  describeError(error: unknown): string {
    if (error instanceof GrammyError) return `${error.method}: ${error.error_code} ${error.description}`;
    if (error instanceof HttpError) return `network: ${error.message}`;
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }

  /** Sends messages; when Telegram rejects the HTML, the same text goes out plain. */
  async sendMessages(chat: number, out: TelegramOut, replyTo: number | null): Promise<number[]> {
    const ids: number[] = [];
    const { html, plain } = out.messages;
    for (let i = 0; i < html.length; i++) {
      const options = {
        reply_markup: i === html.length - 1 ? out.keyboard : undefined,
        reply_parameters: i === 0 && replyTo !== null ? { message_id: replyTo, allow_sending_without_reply: true } : undefined,
      };
      if (out.plain) {
        ids.push((await this.api.sendMessage(chat, plain[i]!, options)).message_id);
        continue;
      }
      try {
        ids.push((await this.api.sendMessage(chat, html[i]!, { ...options, parse_mode: 'HTML' })).message_id);
      } catch (error) {
        if (!isEntityError(error)) throw error;
        ids.push((await this.api.sendMessage(chat, plain[i]!, options)).message_id);
      }
    }
    return ids;
  }

  private async editMessage(chat: number, messageId: number, html: string | null, plain: string, keyboard?: InlineKeyboard): Promise<void> {
    try {
      if (html === null) await this.api.editMessageText(chat, messageId, plain, { reply_markup: keyboard });
      else await this.api.editMessageText(chat, messageId, html, { parse_mode: 'HTML', reply_markup: keyboard });
    } catch (error) {
      if (isNotModified(error)) return;
      if (html === null || !isEntityError(error)) throw error;
      await this.api.editMessageText(chat, messageId, plain, { reply_markup: keyboard });
    }
  }

  /** Callback data is at most 64 bytes: the answer is kept here under a short random id. */
  private remember(answer: Answer, chat: number): string {
    const id = randomBytes(6).toString('base64url');
    this.answers.set(id, { chat, answer });
    return id;
  }
}

function isEntityError(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /can't parse entities|unsupported start tag|can't find end/i.test(error.description)
  );
}

function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/i.test(error.description);
}
