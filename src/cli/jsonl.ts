import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AnswerEngine } from '../answer/engine.js';
import { InputError } from '../answer/engine.js';
import { answerJson } from '../answer/contract.js';
import type { Logger } from '../util/log.js';

/**
 * One question a line in, one JSON object a line out, in order, nothing else on the output.
 * A line may be plain text or a JSON object with a "q" or "question" field. Each line is
 * independent (no shared history); a bad line gets {"question", "error"} and the run goes on.
 */
export async function runJsonl(engine: AnswerEngine, input: Readable, output: Writable, log: Logger): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    const question = questionOf(line);
    let record: object;
    try {
      record = answerJson(await engine.answer(question));
    } catch (error) {
      if (!(error instanceof InputError)) log.error('answer failed', { error });
      record = { question, error: error instanceof InputError ? error.message : 'internal error while answering this question' };
    }
    output.write(JSON.stringify(record) + '\n');
    count++;
  }
  return count;
}

function questionOf(line: string): string {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  try {
    const value = JSON.parse(trimmed) as { q?: unknown; question?: unknown };
    const q = value.q ?? value.question;
    return typeof q === 'string' ? q : '';
  } catch {
    return trimmed;
  }
}
