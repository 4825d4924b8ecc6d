import { GrammyError, HttpError, InlineKeyboard, InputFile, type Api } from 'grammy';
import type { Answer } from '../../answer/types.js';
import type { Digest } from '../../subscriptions/digest.js';
import type { Button, ChannelAdapter, InboundMessage, OutgoingFile, OutgoingImage } from '../core/adapter.js';
import type { OriginalPassage } from '../../originals/types.js';
import { presentAnswer, presentSources } from '../present.js';
import { channelTexts } from '../texts.js';
import { downloadFile, type FileSource } from './download.js';
import { answerMessages, digestMessages, MAX_MESSAGE, passageMessages, plainMessages, sourcesMessages, type Messages } from './format.js';

/** A Telegram message for the core, with what a reply needs. */
export interface TelegramMessage extends InboundMessage {
  chat: number;
  /** The message to thread a reply under (groups), if any. */
  replyTo: number | null;
  /** The document's file_id, when a file was sent. */
  fileId?: string;
}

/** What is sent: messages split under 4096 characters, HTML with a plain fallback, a button on the last. */
export interface TelegramOut {
  messages: Messages;
  keyboard?: InlineKeyboard;
  /** Text still being written: sent as it is, without formatting. */
  plain?: boolean;
}

/** Telegram for the channel core: HTML messages, edits, the typing indicator, buttons as an inline keyboard, documents. */
export class TelegramAdapter implements ChannelAdapter<TelegramMessage, TelegramOut, number> {
  readonly name = 'telegram';
  readonly capabilities = { streamingEdits: true, cards: false, typingIntervalMs: 4000 };

  constructor(
    private readonly api: Api,
    private readonly files: FileSource = { url: () => null },
  ) {}

  readonly render = {
    text: (text: string, buttons?: Button[]): TelegramOut => ({ messages: plainMessages(text), keyboard: keyboardOf(buttons) }),
    draft: (text: string): TelegramOut => {
      const draft = `${text.slice(0, MAX_MESSAGE - 2)} …`;
      return { messages: { html: [draft], plain: [draft] }, plain: true };
    },
    answer: (answer: Answer, _to: TelegramMessage, buttons?: Button[]): TelegramOut => {
      const texts = channelTexts(answer.language === 'en' ? answer.question : null);
      return { messages: answerMessages(presentAnswer(answer), texts.sourcesHeading), keyboard: keyboardOf(buttons) };
    },
    sources: (answer: Answer): TelegramOut => {
      const { heading, sources } = presentSources(answer);
      return { messages: sourcesMessages(heading, sources) };
    },
    digest: (digest: Digest): TelegramOut => ({ messages: digestMessages(digest) }),
    passage: (caption: string, passage: OriginalPassage): TelegramOut => ({ messages: passageMessages(caption, passage) }),
  };

  /** A cited page: sendPhoto, captioned, in reply to the question in a group. */
  async sendImage(to: TelegramMessage, image: OutgoingImage): Promise<void> {
    await this.api.sendPhoto(to.chat, new InputFile(image.png, image.fileName), {
      caption: captionOf(image.caption),
      reply_parameters: replyTo(to),
    });
  }

  /** A cited article: sendDocument, captioned. */
  async sendFile(to: TelegramMessage, file: OutgoingFile): Promise<void> {
    await this.api.sendDocument(to.chat, new InputFile(file.bytes, file.fileName), {
      caption: captionOf(file.caption),
      reply_parameters: replyTo(to),
    });
  }

  async post(chatId: string, out: TelegramOut): Promise<void> {
    await this.sendMessages(Number(chatId), out, null);
  }

  download(m: TelegramMessage, maxBytes: number): Promise<Buffer> {
    if (!m.fileId) throw new Error('telegram: the message has no file');
    return downloadFile(this.api, this.files, m.fileId, maxBytes);
  }

  /** Blocked by the user, removed from the group, the chat deleted or turned into a supergroup elsewhere. */
  isGone(error: unknown): boolean {
    if (!(error instanceof GrammyError)) return false;
    return (
      error.error_code === 403 ||
      (error.error_code === 400 && /chat not found|group chat was upgraded|bot was kicked|user is deactivated/i.test(error.description))
    );
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
        link_preview_options: NO_PREVIEW,
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
      if (html === null)
        await this.api.editMessageText(chat, messageId, plain, { reply_markup: keyboard, link_preview_options: NO_PREVIEW });
      else
        await this.api.editMessageText(chat, messageId, html, {
          parse_mode: 'HTML',
          reply_markup: keyboard,
          link_preview_options: NO_PREVIEW,
        });
    } catch (error) {
      if (isNotModified(error)) return;
      if (html === null || !isEntityError(error)) throw error;
      await this.api.editMessageText(chat, messageId, plain, { reply_markup: keyboard, link_preview_options: NO_PREVIEW });
    }
  }
}

/**
 * No link previews, ever: an answer quotes bulletins, and a preview would show (and fetch) whatever
 * page a link in it names, with the bot's authority.
 */
const NO_PREVIEW = { is_disabled: true } as const;

/** The core's buttons as an inline keyboard, a row per button row (callback data: the button's action). */
function keyboardOf(buttons: Button[] | undefined): InlineKeyboard | undefined {
  if (!buttons?.length) return undefined;
  const keyboard = new InlineKeyboard();
  buttons.forEach((b, i) => {
    if (i > 0 && (b.row ?? 0) !== (buttons[i - 1]!.row ?? 0)) keyboard.row();
    keyboard.text(b.label, b.action);
  });
  return keyboard;
}

/** Telegram's limit for a caption. */
const MAX_CAPTION = 1024;

function captionOf(text: string): string {
  return text.length <= MAX_CAPTION ? text : `${text.slice(0, MAX_CAPTION - 1)}…`;
}

function replyTo(to: TelegramMessage) {
  return to.replyTo === null ? undefined : { message_id: to.replyTo, allow_sending_without_reply: true };
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
