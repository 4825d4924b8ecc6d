import type { Readable, Writable } from 'node:stream';
import type { AnswerEngine } from '../answer/engine.js';
import { InputError } from '../answer/engine.js';
import { answerJson } from '../answer/contract.js';
import { newConversation } from '../answer/types.js';
import { explainWithCheck } from '../generate/explain-check.js';
import type { Logger } from '../util/log.js';
import { safeJson } from '../util/json-file.js';

export interface JsonlOptions {
  /** Add the answer decision (`explain`) to every record. */
  explain?: boolean;
}

/** Longest question echoed back in an error record. */
const ECHO_CHARS = 200;

/**
 * One question a line in, exactly one JSON object a line out, in order, nothing else on the
 * output. A line is plain text or a JSON object with "q" (or "question") and, optionally,
 * "context": the questions asked before it in the same conversation (answered first, not printed),
 * so that a follow-up ("那山东呢？") is read as one. Lines are split on LF only (a CR inside a line
 * is part of it). A bad line (empty, JSON without a question, too long) gets {"question", "error"}.
 */
export async function runJsonl(
  engine: AnswerEngine,
  input: Readable,
  output: Writable,
  log: Logger,
  options: JsonlOptions = {},
): Promise<number> {
  let count = 0;
  for await (const line of linesOf(input)) {
    const { question, context, problem } = parseLine(line);
    let record: object;
    try {
      if (problem) throw new InputError(problem);
      if (!question.trim()) throw new InputError('empty line: no question');
      const conversation = newConversation(`jsonl-${count}`);
      for (const before of context) await engine.answer(before, conversation).catch(() => undefined);
      const answer = await engine.answer(question, context.length ? conversation : undefined);
      record = { ...answerJson(answer), ...(options.explain ? { explain: explainWithCheck(answer) ?? null } : {}) };
    } catch (error) {
      if (!(error instanceof InputError)) log.error('answer failed', { error });
      const echo = question.length > ECHO_CHARS ? `${question.slice(0, ECHO_CHARS)}…` : question;
      record = { question: echo, error: error instanceof InputError ? error.message : 'internal error while answering this question' };
    }
    output.write(JSON.stringify(record) + '\n');
    count++;
  }
  return count;
}

/** Lines split on LF only; a trailing CR (CRLF files) is dropped, a CR inside a line is kept as a space. */
async function* linesOf(input: Readable): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    let at: number;
    while ((at = pending.indexOf('\n')) >= 0) {
      yield clean(pending.slice(0, at));
      pending = pending.slice(at + 1);
    }
  }
  pending += decoder.decode();
  if (pending.length) yield clean(pending);
}

function clean(line: string): string {
  return line.replace(/\r$/, '').replace(/\r/g, ' ');
}

/** A line's question and earlier questions; `problem` when it is a JSON object that does not hold them as documented. */
function parseLine(line: string): { question: string; context: string[]; problem?: string } {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return { question: trimmed, context: [] };
  // A line that starts with { and is JSON is an object; one that is not JSON is a question as it stands.
  const value = safeJson(trimmed) as { q?: unknown; question?: unknown; context?: unknown } | undefined;
  if (value === undefined) return { question: trimmed, context: [] };
  const q = value.q ?? value.question;
  if (typeof q !== 'string') return { question: trimmed, context: [], problem: 'JSON line without a string "q" (or "question")' };
  if (value.context !== undefined && !(Array.isArray(value.context) && value.context.every((c) => typeof c === 'string')))
    return { question: q, context: [], problem: '"context" must be an array of earlier questions (strings)' };
  return { question: q, context: value.context ?? [] };
}
