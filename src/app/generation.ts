import path from 'node:path';
import type { Config } from '../config/schema.js';
import { loadPrompts } from '../generate/prompts.js';
import { LlmAnswerWriter } from '../generate/writer.js';
import { LlmQuestionRewriter } from '../generate/rewriter.js';
import type { RetryDeps, RetryPolicy } from '../generate/retry.js';
import { createOpenAiCompatibleModel } from '../vendors/openai-chat.js';
import type { Logger } from '../util/log.js';
import { extractiveGeneration, type Generation } from './extractive.js';

/**
 * The language model, when LLM_API_KEY is set; otherwise answers stay extractive (said once).
 * Prompt files are checked here, at start-up, either way.
 */
export function createGeneration(config: Config, log: Logger, retryDeps: Partial<RetryDeps> = {}): Generation {
  if (!config.LLM_API_KEY) return extractiveGeneration(config, log);
  const prompts = loadPrompts(path.resolve(config.PROMPTS_DIR));
  const model = createOpenAiCompatibleModel({
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL,
    temperature: config.LLM_TEMPERATURE,
    maxTokens: config.LLM_MAX_TOKENS,
    timeoutMs: config.LLM_TIMEOUT_MS,
  });
  const policy: RetryPolicy = {
    maxRetries: config.LLM_MAX_RETRIES,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    maxRetryAfterMs: config.LLM_RETRY_MAX_WAIT_MS,
  };
  log.info(`answers are written by ${config.LLM_MODEL} at ${new URL(config.LLM_BASE_URL).host}`);
  return {
    writer: new LlmAnswerWriter(model, prompts, { policy, idleTimeoutMs: config.LLM_TIMEOUT_MS, retryDeps }, log),
    rewriter: new LlmQuestionRewriter(model, prompts, policy, config.HISTORY_MAX_CHARS, retryDeps),
  };
}
