import type { AnswerWriter } from '../answer/engine-types.js';
import type { AnswerEvent } from '../answer/pending.js';
import type { Answer } from '../answer/types.js';
import { type Citation, citationFromChunk } from '../domain/citation.js';
import type { RankedChunk } from '../search/retriever.js';
import { splitSentences } from '../text/sentences.js';
import { bigramDice } from '../bulletin/normalize.js';
import { texts } from '../answer/texts.js';
import { redactSecrets, type Logger } from '../util/log.js';
import type { Prompts } from './prompts.js';
import { ModelCallError, type LanguageModel } from './model.js';
import { withRetries, type RetryDeps, type RetryPolicy } from './retry.js';
import { citesAny, saysNotFound } from './markers.js';
import { formatExcerpts, shownExcerpts } from './excerpts.js';
import { AnswerCheck, type ShownExcerpt, type VerifiedAnswer } from './verify-answer.js';
import { looksLikeInstruction } from '../text/instruction.js';
import { leadQuote } from '../answer/quote.js';
import type { BaseMessage } from '@langchain/core/messages';
import { errorMessage } from '../util/app-error.js';

export interface WriterOptions {
  policy: RetryPolicy;
  /** A stream that sends nothing for this long is abandoned (and retried). */
  idleTimeoutMs: number;
  retryDeps?: Partial<RetryDeps>;
}

/**
 * Answers written by a language model from the numbered excerpts that search found. The model's
 * [n] markers become citations; an answer that cites nothing valid, a model that is down, slow or
 * garbled, all end in the extractive answer, so every question still gets one.
 */
export class LlmAnswerWriter implements AnswerWriter {
  constructor(
    private readonly model: LanguageModel,
    private readonly prompts: Prompts,
    private readonly options: WriterOptions,
    private readonly log: Logger,
  ) {
    this.systemPrompt = prompts.system;
  }

  private readonly systemPrompt: string;

  promptChars(question: string): number {
    return this.prompts.answerTemplateChars + question.length;
  }

  async write(input: Parameters<AnswerWriter['write']>[0]): Promise<Answer> {
    const { question, standalone, language, outcome, emit, signal } = input;
    const passages = outcome.passages;
    const excerpts = shownExcerpts(passages);
    const messages = await this.prompts.answer.formatMessages({ excerpts: formatExcerpts(excerpts), question: standalone });
    let written: { raw: string; checked: VerifiedAnswer };
    try {
      written = await this.streamWithRetries(messages, excerpts, emit, signal);
    } catch (error) {
      this.log.warn('language model failed; answering with excerpts', { model: this.model.name, error: errorMessage(error) });
      emit({ type: 'reset' });
      // A refusal needs no note that the model is down: it says what it says either way.
      if (!outcome.answer.found) return outcome.answer;
      const note = texts(language).modelDown;
      return {
        ...outcome.answer,
        text: `${note}\n${outcome.answer.text}`,
        markedText: outcome.answer.markedText && `${note}\n${outcome.answer.markedText}`,
      };
    }

    const { raw, checked } = written;
    if (checked.removed.length)
      this.log.warn('model answer: parts that failed the check were removed', { model: this.model.name, removed: checked.removed });
    if (!checked.used.length) {
      emit({ type: 'reset' });
      if (!citesAny(raw, passages.length) && saysNotFound(raw)) return outcome.refusal;
      this.log.warn('model answer has no sentence left that cites an excerpt; using the extractive answer', { model: this.model.name });
      return { ...outcome.answer, modelCheck: { removed: checked.removed, fellBack: true } };
    }
    // A key the model was somehow shown never reaches a reader.
    const text = redactSecrets(checked.text);
    if (this.leaksInstructions(text)) {
      this.log.warn('model answer repeats its instructions; using the extractive answer', { model: this.model.name });
      emit({ type: 'reset' });
      return outcome.answer;
    }
    const citations: Citation[] = checked.used.map((n) => {
      const passage = passages[n - 1]!;
      return { ...citationFromChunk(passage.chunk, quoteFor(passage, text, n), passage.score), marker: n };
    });
    return {
      question,
      text,
      markedText: text,
      found: true,
      citations,
      retrieved: outcome.answer.retrieved,
      language,
      kind: 'search',
      generated: true,
      ...(checked.removed.length ? { modelCheck: { removed: checked.removed, fellBack: false } } : {}),
    };
  }

  /** An answer that quotes the system prompt was talked into it by the question or an excerpt. */
  private leaksInstructions(answer: string): boolean {
    const compact = (t: string) => t.replace(/\s+/g, '');
    const text = compact(answer);
    const rules = compact(this.systemPrompt);
    for (let i = 0; i + 16 <= rules.length; i += 8) if (text.includes(rules.slice(i, i + 16))) return true;
    return false;
  }

  /**
   * Streams the model's answer through the sentence check: what the reader is shown while it is
   * written is only ever sentences that passed (a figure no excerpt holds never flashes by).
   */
  private async streamWithRetries(
    messages: BaseMessage[],
    excerpts: ShownExcerpt[],
    emit: (e: AnswerEvent) => void,
    signal?: AbortSignal,
  ): Promise<{ raw: string; checked: VerifiedAnswer }> {
    return withRetries(
      async (attempt) => {
        if (attempt > 0) emit({ type: 'reset' });
        const check = new AnswerCheck(excerpts);
        const show = (text: string) => text && emit({ type: 'delta', text: redactSecrets(text) });
        let raw = '';
        for await (const delta of this.streamOnce(messages, signal)) {
          raw += delta;
          show(check.push(delta));
        }
        if (!raw.trim()) throw new ModelCallError('model returned an empty answer', true);
        const checked = check.end();
        show(checked.tail);
        return { raw, checked };
      },
      this.options.policy,
      {
        ...this.options.retryDeps,
        onRetry: (attempt, delayMs, error) =>
          this.log.warn('retrying the language model', { attempt, delayMs: Math.round(delayMs), error: error.message }),
      },
      signal,
    );
  }

  /** One streamed call, abandoned when no token arrives within the idle timeout. */
  private async *streamOnce(messages: BaseMessage[], signal?: AbortSignal): AsyncIterable<string> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const iterator = this.model.stream(messages, controller.signal)[Symbol.asyncIterator]();
    try {
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        const idle = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new ModelCallError(`no answer from the model for ${this.options.idleTimeoutMs} ms`, true)),
            this.options.idleTimeoutMs,
          );
        });
        try {
          const next = await Promise.race([iterator.next(), idle]);
          if (next.done) return;
          yield next.value;
        } finally {
          clearTimeout(timer);
        }
      }
    } finally {
      controller.abort();
      signal?.removeEventListener('abort', onAbort);
      void iterator.return?.().catch(() => {});
    }
  }
}

/** The excerpt sentence closest to what the answer says where it cites excerpt n (never one that reads as an instruction to a model). */
function quoteFor(passage: RankedChunk, answer: string, n: number): string {
  const citing = splitSentences(answer)
    .filter((s) => s.includes(`[${n}]`))
    .join('');
  const target = citing || answer;
  let best = '';
  let bestScore = -1;
  const sentences = splitSentences(passage.chunk.text).filter((s) => !looksLikeInstruction(s));
  for (const sentence of sentences) {
    const score = bigramDice(sentence, target);
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best || leadQuote(sentences.join(''));
}
