import type { Answer } from '../../answer/types.js';
import type { ChannelAdapter } from '../core/adapter.js';
import { presentAnswer, presentSources } from '../present.js';
import { FeishuApiError } from './api.js';
import { answerCard, answerText, plainText, sourcesText } from './card.js';
import type { FeishuMessage } from './events.js';
import type { FeishuSender } from './sender.js';

/** What is sent: a card with its plain-text fallback, or plain text only. Both are Feishu `content` JSON. */
export interface FeishuOut {
  card: string | null;
  text: string;
}

/** Feishu for the channel core: cards that are patched while an answer streams, replies in the message's thread. */
export class FeishuAdapter implements ChannelAdapter<FeishuMessage, FeishuOut, string> {
  readonly name = 'feishu';
  readonly capabilities = { streamingEdits: true, cards: true, typingIntervalMs: null };

  constructor(private readonly sender: FeishuSender) {}

  readonly render = {
    text: (text: string): FeishuOut => ({ card: null, text: plainText(text) }),
    draft: (text: string): FeishuOut => ({ card: answerCard({ body: text, sources: [] }, { draft: true }), text: plainText(text) }),
    answer: (answer: Answer): FeishuOut => {
      const presented = presentAnswer(answer);
      return { card: answerCard(presented), text: answerText(presented) };
    },
    sources: (answer: Answer): FeishuOut => {
      const { heading, sources } = presentSources(answer);
      return { card: null, text: sourcesText(heading, sources) };
    },
  };

  /** Returns the card's id to patch, or null when plain text went out (text cannot be patched). */
  async send(to: FeishuMessage, out: FeishuOut): Promise<string | null> {
    if (out.card === null) {
      await this.sender.replyText(to.chatId, to.messageId, out.text, to.inThread);
      return null;
    }
    const sent = await this.sender.reply(to.chatId, to.messageId, out.card, out.text, to.inThread);
    return sent.card ? sent.id : null;
  }

  async edit(to: FeishuMessage, cardId: string, out: FeishuOut): Promise<void> {
    if (out.card === null) throw new Error('feishu: only a card can replace a card');
    await this.sender.patch(to.chatId, cardId, out.card);
  }

  describeError(error: unknown): string {
    if (error instanceof FeishuApiError) return error.message;
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}
