import type { Answer } from './types.js';

/** Streaming progress of an answer: text as the model writes it, or a reset when it starts over. */
export type AnswerEvent = { type: 'delta'; text: string } | { type: 'reset' };

/**
 * An answer in the making: iterate it for the text as it streams, await `answer` for the final
 * object (text, citations, found). Events are buffered, so a channel that does not stream can
 * ignore them.
 */
export class PendingAnswer implements AsyncIterable<AnswerEvent> {
  readonly answer: Promise<Answer>;
  private readonly events: AnswerEvent[] = [];
  private waiting: (() => void) | null = null;
  private ended = false;

  constructor(produce: (emit: (event: AnswerEvent) => void) => Promise<Answer>) {
    this.answer = produce((event) => this.push(event)).finally(() => {
      this.ended = true;
      this.wake();
    });
    // The caller awaits `answer`; this keeps an ignored rejection from being reported twice.
    this.answer.catch(() => {});
  }

  private push(event: AnswerEvent): void {
    if (this.ended) return;
    this.events.push(event);
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<AnswerEvent> {
    for (;;) {
      if (this.events.length) {
        yield this.events.shift()!;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}
