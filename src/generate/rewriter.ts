import type { QuestionRewriter } from '../answer/engine-types.js';
import type { Turn } from '../answer/types.js';
import type { Prompts } from './prompts.js';
import type { LanguageModel } from './model.js';
import { withRetries, type RetryDeps, type RetryPolicy } from './retry.js';
import { ModelCallError } from './model.js';

/** Rewrites a follow-up ("那广东呢？") into a standalone question with the language model. */
export class LlmQuestionRewriter implements QuestionRewriter {
  constructor(
    private readonly model: LanguageModel,
    private readonly prompts: Prompts,
    private readonly policy: RetryPolicy,
    private readonly maxHistoryChars: number,
    private readonly retryDeps: Partial<RetryDeps> = {},
  ) {}

  async rewrite(question: string, history: Turn[], signal?: AbortSignal): Promise<string | null> {
    const messages = await this.prompts.rewrite.formatMessages({ history: formatHistory(history, this.maxHistoryChars), question });
    const text = await withRetries(
      async () => {
        let out = '';
        for await (const delta of this.model.stream(messages, signal)) out += delta;
        if (!out.trim()) throw new ModelCallError('empty rewrite', true);
        return out;
      },
      { ...this.policy, maxRetries: Math.min(1, this.policy.maxRetries) },
      this.retryDeps,
      signal,
    );
    const line =
      text
        .trim()
        .split('\n')
        .find((l) => l.trim())
        ?.trim()
        .replace(/^["“「]|["”」]$/g, '') ?? '';
    return line && line.length <= 300 ? line : null;
  }
}

/** The most recent turns that fit the budget, oldest first; answers shortened to their gist. */
export function formatHistory(history: Turn[], maxChars: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const turn of [...history].reverse()) {
    const answer = turn.answer.text.replace(/\s+/g, ' ').slice(0, 300);
    const block = `用户：${turn.answer.standaloneQuestion ?? turn.question}\n助手：${answer}`;
    if (used + block.length > maxChars && lines.length) break;
    lines.unshift(block);
    used += block.length;
  }
  return lines.join('\n');
}
