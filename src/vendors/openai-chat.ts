import { ChatOpenAI } from '@langchain/openai';
import type { BaseMessage } from '@langchain/core/messages';
import { ModelCallError, type LanguageModel } from '../generate/model.js';

export interface OpenAiCompatibleOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
}

/**
 * A LangChain ChatOpenAI for any OpenAI-compatible endpoint (DeepSeek, Qwen, GLM, Moonshot, vLLM,
 * Ollama). Retries are ours (src/generate/retry.ts), so the client's own are off.
 */
export function createOpenAiCompatibleModel(options: OpenAiCompatibleOptions): LanguageModel {
  const chat = new ChatOpenAI({
    model: options.model,
    apiKey: options.apiKey,
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    timeout: options.timeoutMs,
    maxRetries: 0,
    streaming: true,
    configuration: { baseURL: options.baseUrl },
  });
  return {
    name: options.model,
    async *stream(messages: BaseMessage[], signal?: AbortSignal): AsyncIterable<string> {
      let stream: AsyncIterable<{ content: unknown }>;
      try {
        stream = await chat.stream(messages, { signal });
        for await (const chunk of stream) {
          const text = typeof chunk.content === 'string' ? chunk.content : '';
          if (text) yield text;
        }
      } catch (error) {
        throw toModelCallError(error);
      }
    },
  };
}

/** Classifies a client error without keeping anything that could carry the key. */
function toModelCallError(error: unknown): ModelCallError {
  if (error instanceof ModelCallError) return error;
  const e = error as { name?: string; status?: number; message?: string; headers?: unknown; code?: string };
  const status = typeof e?.status === 'number' ? e.status : null;
  const retryAfter = retryAfterMs(e?.headers);
  if (e?.name === 'AbortError') return new ModelCallError('model call aborted', false);
  if (e?.name === 'TimeoutError' || /timed? ?out/i.test(e?.message ?? '')) return new ModelCallError('model call timed out', true);
  if (status === 429) return new ModelCallError('model rate limit (HTTP 429)', true, retryAfter, 429);
  if (status !== null && status >= 500) return new ModelCallError(`model server error (HTTP ${status})`, true, retryAfter, status);
  if (status !== null) return new ModelCallError(`model request rejected (HTTP ${status})`, false, null, status);
  // Connection refused or reset, a stream cut off, a body that is not JSON: worth another try.
  return new ModelCallError(`model call failed: ${e?.name ?? 'Error'}: ${redact(e?.message ?? String(error)).slice(0, 200)}`, true);
}

function retryAfterMs(headers: unknown): number | null {
  const get = (name: string): string | null => {
    if (!headers) return null;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  };
  const ms = Number(get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = get('retry-after');
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

/** Error texts from HTTP clients can echo request headers; keys never go further than here. */
function redact(text: string): string {
  return text.replace(/(Bearer\s+)\S+/gi, '$1[redacted]').replace(/sk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]');
}
