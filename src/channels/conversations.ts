import { newConversation, type Conversation } from '../answer/types.js';
import { LruMap } from './lru.js';

/** Conversations per chat, forgotten after a day of silence or when too many chats are open. */
export class ConversationStore {
  private readonly store = new LruMap<string, Conversation>(5000, 24 * 3600_000);

  get(chatKey: string): Conversation {
    let c = this.store.get(chatKey);
    if (!c) {
      c = newConversation(chatKey);
      this.store.set(chatKey, c);
    }
    return c;
  }

  reset(chatKey: string): void {
    this.store.delete(chatKey);
  }
}
