import type { Answer } from '../answer/types.js';
import type { Logger } from '../util/log.js';

/** One structured line per answered question, with its latency by stage. */
export function logAnswered(log: Logger, channel: string, chat: string, answer: Answer, totalMs: number): void {
  const retrieveMs = answer.timings?.retrieveMs ?? 0;
  const generateMs = answer.timings?.generateMs ?? 0;
  log.info('answered', {
    channel,
    chat,
    kind: answer.kind,
    found: answer.found,
    generated: Boolean(answer.generated),
    citations: answer.citations.length,
    retrieveMs,
    generateMs,
    sendMs: Math.max(0, Math.round(totalMs - retrieveMs - generateMs)),
    totalMs: Math.round(totalMs),
  });
}
