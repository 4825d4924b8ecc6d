import type { PendingAnswer } from '../answer/pending.js';
import type { Answer } from '../answer/types.js';
import { renderMarkerList, renderPlain } from './render.js';

/**
 * Writes a generated answer as it streams, then returns what is left to show: the source list when
 * the streamed text is the final answer, else the final answer in full (a fallback or a correction).
 */
export async function streamToTerminal(pending: PendingAnswer, write: (text: string) => void): Promise<{ answer: Answer; rest: string }> {
  let streamed = '';
  for await (const event of pending) {
    if (event.type === 'delta') {
      write(event.text);
      streamed += event.text;
    } else if (streamed) {
      write('\n……\n');
      streamed = '';
    }
  }
  const answer = await pending.answer;
  if (streamed && answer.generated && answer.text === streamed.trim()) return { answer, rest: `\n\n${renderMarkerList(answer)}` };
  return { answer, rest: `${streamed ? '\n\n' : ''}${renderPlain(answer)}` };
}
