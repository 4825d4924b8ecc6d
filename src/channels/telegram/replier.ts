import { GrammyError, InlineKeyboard, type Api } from 'grammy';
import type { PendingAnswer } from '../../answer/pending.js';
import type { Answer } from '../../answer/types.js';
import type { Logger } from '../../util/log.js';
import { presentAnswer } from '../present.js';
import { CHANNEL_TEXTS } from '../texts.js';
import { answerMessages, MAX_MESSAGE, type Messages } from './format.js';

export interface ReplyTarget {
  chatId: number;
  /** The message being answered (replies thread under it in groups). */
  replyTo?: number;
}

/** Sends formatted messages; when Telegram rejects the HTML, the same text goes out plain. */
export async function sendMessages(api: Api, target: ReplyTarget, messages: Messages, keyboard?: InlineKeyboard): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < messages.html.length; i++) {
    const last = i === messages.html.length - 1;
    const options = {
      reply_markup: last ? keyboard : undefined,
      reply_parameters: i === 0 && target.replyTo ? { message_id: target.replyTo, allow_sending_without_reply: true } : undefined,
    };
    try {
      ids.push((await api.sendMessage(target.chatId, messages.html[i]!, { ...options, parse_mode: 'HTML' })).message_id);
    } catch (error) {
      if (!isEntityError(error)) throw error;
      ids.push((await api.sendMessage(target.chatId, messages.plain[i]!, options)).message_id);
    }
  }
  return ids;
}

async function editMessage(
  api: Api,
  chatId: number,
  messageId: number,
  html: string,
  plain: string,
  keyboard?: InlineKeyboard,
): Promise<void> {
  try {
    await api.editMessageText(chatId, messageId, html, { parse_mode: 'HTML', reply_markup: keyboard });
  } catch (error) {
    if (isNotModified(error)) return;
    if (!isEntityError(error)) throw error;
    await api.editMessageText(chatId, messageId, plain, { reply_markup: keyboard });
  }
}

export interface StreamOptions {
  editIntervalMs: number;
  now?: () => number;
  log: Logger;
  /** Where the answer's sources can be fetched by the 查看来源 button (callback data ≤ 64 bytes). */
  sourcesButtonData?: (answer: Answer) => string | null;
}

/**
 * Replies with an answer. A streamed answer appears in one message that is edited as text arrives,
 * at most once per interval, and always ends as the formatted answer with its sources.
 */
export async function replyWithAnswer(api: Api, target: ReplyTarget, pending: PendingAnswer, options: StreamOptions): Promise<Answer> {
  const now = options.now ?? Date.now;
  let draftId: number | null = null;
  let text = '';
  let lastEdit = 0;
  let shown = '';
  for await (const event of pending) {
    text = event.type === 'delta' ? text + event.text : '';
    if (!text.trim() || now() - lastEdit < options.editIntervalMs) continue;
    const draft = `${text.slice(0, MAX_MESSAGE - 2)} …`;
    if (draft === shown) continue;
    try {
      if (draftId === null)
        draftId = (
          await api.sendMessage(
            target.chatId,
            draft,
            target.replyTo ? { reply_parameters: { message_id: target.replyTo, allow_sending_without_reply: true } } : {},
          )
        ).message_id;
      else await editMessage(api, target.chatId, draftId, draft, draft);
      shown = draft;
    } catch (error) {
      options.log.warn('telegram: could not show the answer in progress', { error: describe(error) });
    }
    lastEdit = now();
  }
  const answer = await pending.answer;
  const messages = answerMessages(presentAnswer(answer), CHANNEL_TEXTS.sourcesHeading);
  const data = options.sourcesButtonData?.(answer);
  const keyboard = data ? new InlineKeyboard().text(CHANNEL_TEXTS.sourcesButton, data) : undefined;
  if (draftId === null) {
    await sendMessages(api, target, messages, keyboard);
    return answer;
  }
  const single = messages.html.length === 1;
  await editMessage(api, target.chatId, draftId, messages.html[0]!, messages.plain[0]!, single ? keyboard : undefined);
  if (!single)
    await sendMessages(api, { chatId: target.chatId }, { html: messages.html.slice(1), plain: messages.plain.slice(1) }, keyboard);
  return answer;
}

export function isEntityError(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /can't parse entities|unsupported start tag|can't find end/i.test(error.description)
  );
}

function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/i.test(error.description);
}

export function describe(error: unknown): string {
  if (error instanceof GrammyError) return `${error.method}: ${error.error_code} ${error.description}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
