import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { z } from 'zod';
import type { Logger } from '../../util/log.js';
import type { ChannelCore } from '../core/channel-core.js';
import type { RejectionLog } from '../core/rejections.js';
import type { DeliveryLog } from '../seen-store.js';
import { channelTexts } from '../texts.js';
import type { TelegramAdapter, TelegramMessage, TelegramOut } from './adapter.js';

export interface UpdateSettings {
  /** Empty: everyone. */
  allowedUsers: number[];
  groups: 'mention' | 'off';
}

export interface UpdateDeps {
  core: ChannelCore<TelegramMessage, TelegramOut, number>;
  adapter: TelegramAdapter;
  seen: DeliveryLog;
  rejections: RejectionLog;
  log: Logger;
  settings: UpdateSettings;
}

/**
 * The grammY side of the Telegram channel: which updates reach the core, and the buttons (查看来源,
 * 👍/👎, an admin's choice), answered at once with their toast and then acted on.
 * Messages are handed to the core as they come; the core keeps them in order per chat.
 */
export function installUpdateHandlers(bot: Bot, deps: UpdateDeps): { lastUpdateId: () => number | null } {
  const { core, adapter, seen, rejections, log, settings } = deps;
  let lastUpdateId: number | null = null;

  bot.use(async (ctx, next) => {
    const id = ctx.update.update_id;
    lastUpdateId = Math.max(lastUpdateId ?? id, id);
    if (!seen.claim(`update:${id}`)) return log.debug('telegram: duplicate update ignored', { update: id });
    const from = ctx.from?.id;
    if (settings.allowedUsers.length && (from === undefined || !settings.allowedUsers.includes(from))) {
      rejections.reject('user not on the allowlist', { user: from ?? null });
      const texts = channelTexts(ctx.message?.text ?? null, ctx.from?.language_code ?? null);
      if (ctx.chat?.type === 'private' && ctx.message && !ctx.from?.is_bot) await ctx.reply(texts.notAllowed);
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: texts.notAllowed });
      return;
    }
    await next();
  });

  bot.on('callback_query:data', async (ctx) => {
    const chat = ctx.callbackQuery.message?.chat.id;
    if (chat === undefined) return void (await ctx.answerCallbackQuery({ text: channelTexts().sourcesExpired }));
    const { toast, after } = await core.press({ action: ctx.callbackQuery.data, chatId: String(chat), senderId: String(ctx.from.id) });
    await ctx.answerCallbackQuery(toast ? { text: toast } : undefined);
    await after?.();
  });

  bot.on('message', (ctx) => {
    const parsed = parseMessage(ctx.message, bot.botInfo, settings.groups);
    if (!parsed.ok) return rejections.reject(parsed.reason, { update: ctx.update.update_id });
    return core.handle(parsed.message);
  });

  bot.catch((err) => log.error('telegram: handler failed', { update: err.ctx.update.update_id, error: adapter.describeError(err.error) }));
  return { lastUpdateId: () => lastUpdateId };
}

/**
 * The fields of a message the bot reads. Updates come from Telegram, or from whoever knows the
 * webhook secret: their shape is checked here, at the edge, rather than trusted.
 */
const messageSchema = z.object({
  message_id: z.number().int(),
  date: z.number().optional(),
  chat: z.object({ id: z.number().int(), type: z.string() }),
  from: z.object({ id: z.number().int(), is_bot: z.boolean(), language_code: z.string().max(35).optional() }).optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  document: z
    .object({ file_id: z.string().min(1), file_name: z.string().optional(), file_size: z.number().int().nonnegative().optional() })
    .optional(),
  entities: z
    .array(
      z.object({ type: z.string(), offset: z.number().int(), length: z.number().int(), user: z.object({ id: z.number() }).optional() }),
    )
    .optional(),
  reply_to_message: z.object({ from: z.object({ id: z.number().int() }).optional() }).optional(),
});

export type ParsedMessage = { ok: true; message: TelegramMessage } | { ok: false; reason: string };

/** A Telegram message as the core sees it: whether it is for this bot, and its question without the @mention. */
export function parseMessage(raw: unknown, me: UserFromGetMe, groups: 'mention' | 'off'): ParsedMessage {
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'message not understood' };
  return { ok: true, message: toMessage(parsed.data, me, groups) };
}

function toMessage(message: z.infer<typeof messageSchema>, me: UserFromGetMe, groups: 'mention' | 'off'): TelegramMessage {
  const isPrivate = message.chat.type === 'private';
  const text = message.text ?? null;
  const document = message.document;
  const base = {
    // The update id is claimed before: a message sent twice in two updates is still one message.
    deliveryIds: [`message:${message.chat.id}:${message.message_id}`],
    chatId: String(message.chat.id),
    chat: message.chat.id,
    senderId: message.from ? String(message.from.id) : null,
    isPrivate,
    fromBot: Boolean(message.from?.is_bot) || message.from?.id === me.id,
    sentAt: typeof message.date === 'number' ? message.date * 1000 : null,
    languageHint: message.from?.language_code ?? null,
    ...(document
      ? { file: { name: document.file_name ?? 'file', size: document.file_size ?? null }, fileId: document.file_id }
      : { file: null }),
  };
  if (isPrivate) return { ...base, addressed: true, text, replyTo: null };
  const repliedToMe = message.reply_to_message?.from?.id === me.id;
  if (groups === 'off') return { ...base, addressed: false, text, replyTo: message.message_id };
  if (text === null) return { ...base, addressed: repliedToMe, text, replyTo: message.message_id };
  const mention = `@${me.username}`.toLowerCase();
  const mentioned = (message.entities ?? []).some(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === mention) ||
      (e.type === 'text_mention' && e.user?.id === me.id),
  );
  // In groups a command is for every bot unless it names one: `/help` or `/help@this_bot`.
  const command = /^\/[A-Za-z]+(?:@(\S+))?/.exec(text);
  const commandForMe = command !== null && (command[1] === undefined || `@${command[1]}`.toLowerCase() === mention);
  const question = text
    .split(new RegExp(escapeRegExp(`@${me.username}`), 'ig'))
    .join(' ')
    .trim();
  return { ...base, addressed: mentioned || repliedToMe || commandForMe, text: question, replyTo: message.message_id };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
