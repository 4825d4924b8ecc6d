import Bottleneck from 'bottleneck';
import type { Logger } from '../../util/log.js';
import { FeishuApiError, type FeishuApi, type FeishuMsgType } from '../../vendors/feishu-api.js';

/**
 * Sends within Feishu's limits: at most `perSecond` messages per chat (the platform allows 5),
 * spaced and in order (bottleneck, as grammY's throttler uses for Telegram), a 429 waited out per
 * its reset header (capped) and retried, and a refused card resent as text.
 */
export class FeishuSender {
  private readonly perChat: Bottleneck.Group;

  constructor(
    private readonly api: FeishuApi,
    private readonly log: Logger,
    perSecond = 5,
    private readonly sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.perChat = new Bottleneck.Group({ maxConcurrent: 1, minTime: Math.ceil(1000 / perSecond) });
  }

  /** Replies with a card, or with `text` when Feishu refuses the card; `card` says which went out. */
  async reply(chatId: string, messageId: string, card: string, text: string, inThread: boolean): Promise<{ id: string; card: boolean }> {
    try {
      return { id: await this.limited(chatId, () => this.api.reply(messageId, 'interactive', card, inThread)), card: true };
    } catch (error) {
      if (!(error instanceof FeishuApiError) || !error.cardRejected) throw error;
      this.log.warn('feishu: card refused, replying with text', {
        code: error.code,
        status: error.status,
        feishuMessage: error.feishuMessage,
      });
      return { id: await this.limited(chatId, () => this.api.reply(messageId, 'text', text, inThread)), card: false };
    }
  }

  /** Sends a card to a chat on the bot's own initiative; text when Feishu refuses the card. */
  async post(chatId: string, card: string | null, text: string): Promise<void> {
    if (card !== null) {
      try {
        await this.limited(chatId, () => this.api.send(chatId, 'interactive', card));
        return;
      } catch (error) {
        if (!(error instanceof FeishuApiError) || !error.cardRejected) throw error;
        this.log.warn('feishu: card refused, sending text', { code: error.code, status: error.status, feishuMessage: error.feishuMessage });
      }
    }
    await this.limited(chatId, () => this.api.send(chatId, 'text', text));
  }

  async replyText(chatId: string, messageId: string, text: string, inThread: boolean): Promise<void> {
    await this.replyMessage(chatId, messageId, 'text', text, inThread);
  }

  /** Replies with a message of any type (an image or file message with its key as content). */
  async replyMessage(chatId: string, messageId: string, msgType: FeishuMsgType, content: string, inThread: boolean): Promise<void> {
    await this.limited(chatId, () => this.api.reply(messageId, msgType, content, inThread));
  }

  async patch(chatId: string, messageId: string, card: string): Promise<void> {
    await this.limited(chatId, () => this.api.patch(messageId, card));
  }

  private async limited<T>(chatId: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.perChat.key(chatId).schedule(call);
      } catch (error) {
        if (!(error instanceof FeishuApiError) || !error.rateLimited || attempt >= 3) throw error;
        const wait = Math.min(error.retryAfterMs ?? 1000 * 2 ** attempt, 30_000);
        this.log.warn('feishu: rate limited, retrying', { chat: chatId, waitMs: wait });
        await this.sleep(wait);
      }
    }
  }
}
