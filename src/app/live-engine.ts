import type { AnswerEngine } from '../answer/engine.js';

/**
 * The engine the channels hold: it forwards to the current engine, which a reload replaces in one
 * assignment. Questions already being answered finish on the engine they started with.
 */
export class LiveEngine implements AnswerEngine {
  constructor(private current: AnswerEngine) {}

  get corpus() {
    return this.current.corpus;
  }

  get retrievalMode() {
    return this.current.retrievalMode;
  }

  get retrievalModes() {
    return this.current.retrievalModes;
  }

  get answerMode() {
    return this.current.answerMode;
  }

  ask(...args: Parameters<AnswerEngine['ask']>) {
    return this.current.ask(...args);
  }

  answer(...args: Parameters<AnswerEngine['answer']>) {
    return this.current.answer(...args);
  }

  trace(...args: Parameters<AnswerEngine['trace']>) {
    return this.current.trace(...args);
  }

  swap(next: AnswerEngine): void {
    this.current = next;
  }
}
