import type { Logger } from '../../util/log.js';
import { FeishuApiError, type FeishuApi } from './api.js';

/**
 * Sends within Feishu's limits: at most `perSecond` messages per chat (the platform allows 5),
 * a 429 waited out per its reset header (capped) and retried, and a refused card resent as text.
 */
export class FeishuSender {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly api: FeishuApi,
    private readonly log: Logger,
    private readonly perSecond = 5,
    private readonly sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async reply(chatId: string, messageId: string, card: string, text: string, inThread: boolean): Promise<{ id: string; card: boolean }> {
    try {
      return { id: await this.limited(chatId, () => this.api.reply(messageId, 'interactive', card, inThread)), card: true };
    } catch (error) {
      if (!(error instanceof FeishuApiError) || !error.cardRejected) throw error;
      this.log.warn('feishu: card refused, replying with text', { code: error.code, status: error.status, msg: error.feishuMessage });
      return { id: await this.limited(chatId, () => this.api.reply(messageId, 'text', text, inThread)), card: false };
    }
  }

  async replyText(chatId: string, messageId: string, text: string, inThread: boolean): Promise<void> {
    await this.limited(chatId, () => this.api.reply(messageId, 'text', text, inThread));
  }

  async patch(chatId: string, messageId: string, card: string): Promise<void> {
    await this.limited(chatId, () => this.api.patch(messageId, card));
  }

  private async limited<T>(chatId: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.slot(chatId);
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof FeishuApiError) || !error.rateLimited || attempt >= 3) throw error;
        const wait = Math.min(error.retryAfterMs ?? 1000 * 2 ** attempt, 30_000);
        this.log.warn('feishu: rate limited, retrying', { chat: chatId, waitMs: wait });
        await this.sleep(wait);
      }
    }
  }

  /** Waits until the chat has sent fewer than `perSecond` messages in the last second. */
  private async slot(chatId: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      const times = (this.recent.get(chatId) ?? []).filter((t) => now - t < 1000);
      if (times.length < this.perSecond) {
        times.push(now);
        this.recent.set(chatId, times);
        return;
      }
      await this.sleep(1000 - (now - times[0]!) + 5);
    }
  }
}
