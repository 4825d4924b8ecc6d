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
import { resolveMarkers, saysNotFound, unsupportedNumbers } from './markers.js';
import { formatExcerpts } from './excerpts.js';
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

  async write(input: Parameters<AnswerWriter['write']>[0]): Promise<Answer> {
    const { question, standalone, language, outcome, emit, signal } = input;
    const passages = outcome.passages;
    const messages = await this.prompts.answer.formatMessages({ excerpts: formatExcerpts(passages), question: standalone });
    let raw: string;
    try {
      raw = await this.streamWithRetries(messages, emit, signal);
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

    // A key the model was somehow shown never reaches a reader.
    const resolved = resolveMarkers(redactSecrets(raw), passages.length);
    if (resolved.dropped.length)
      this.log.warn('model cited excerpts that do not exist; markers dropped', { dropped: resolved.dropped, excerpts: passages.length });
    if (!resolved.used.length) {
      emit({ type: 'reset' });
      if (saysNotFound(resolved.text)) return outcome.refusal;
      this.log.warn('model answer has no valid citation; using the extractive answer', { model: this.model.name });
      return outcome.answer;
    }
    if (this.leaksInstructions(resolved.text)) {
      this.log.warn('model answer repeats its instructions; using the extractive answer', { model: this.model.name });
      emit({ type: 'reset' });
      return outcome.answer;
    }
    const citations: Citation[] = resolved.used.map((n) => {
      const passage = passages[n - 1]!;
      return { ...citationFromChunk(passage.chunk, quoteFor(passage, resolved.text, n), passage.score), marker: n };
    });
    const unsupported = unsupportedNumbers(
      resolved.text,
      resolved.used.map((n) => `${passages[n - 1]!.chunk.title}${passages[n - 1]!.chunk.text}`),
    );
    if (unsupported.length)
      this.log.warn('answer has figures that no cited excerpt contains', { numbers: unsupported, question: standalone });
    return {
      question,
      text: resolved.text,
      markedText: resolved.text,
      found: true,
      citations,
      retrieved: outcome.answer.retrieved,
      language,
      kind: 'search',
      generated: true,
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

  private async streamWithRetries(messages: BaseMessage[], emit: (e: AnswerEvent) => void, signal?: AbortSignal): Promise<string> {
    return withRetries(
      async (attempt) => {
        if (attempt > 0) emit({ type: 'reset' });
        let text = '';
        for await (const delta of this.streamOnce(messages, signal)) {
          text += delta;
          emit({ type: 'delta', text: delta });
        }
        if (!text.trim()) throw new ModelCallError('model returned an empty answer', true);
        return text;
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

/** The excerpt sentence closest to what the answer says where it cites excerpt n. */
function quoteFor(passage: RankedChunk, answer: string, n: number): string {
  const citing = splitSentences(answer)
    .filter((s) => s.includes(`[${n}]`))
    .join('');
  const target = citing || answer;
  let best = '';
  let bestScore = -1;
  for (const sentence of splitSentences(passage.chunk.text)) {
    const score = bigramDice(sentence, target);
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best || passage.chunk.text.slice(0, 160);
}
