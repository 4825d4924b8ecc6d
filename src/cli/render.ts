import type { Answer } from '../answer/types.js';
import { formatCitation } from '../domain/format.js';

/**
 * An answer for a terminal. Extractive answers carry their citations in the text; a generated
 * answer's [n] markers are listed after it.
 */
export function renderPlain(answer: Answer): string {
  return answer.generated ? `${answer.text}\n\n${renderMarkerList(answer)}` : answer.text;
}

export function renderMarkerList(answer: Answer): string {
  const head = answer.language === 'en' ? 'Sources:' : '来源：';
  return [head, ...answer.citations.map((c, i) => `[${c.marker ?? i + 1}] ${formatCitation(c, answer.language)}`)].join('\n');
}

/** /sources: the last answer's citations with their quotes. */
export function renderSources(answer: Answer | undefined): string {
  if (!answer) return '还没有回答过问题。';
  const list = answer.citations.length ? answer.citations : answer.retrieved.slice(0, 5);
  if (!list.length) return '上一个回答没有来源。';
  const head = answer.citations.length ? '上一个回答的来源：' : '上一个回答没有找到答案，检索到的最接近内容：';
  return [head, ...list.map((c, i) => `[${c.marker ?? i + 1}] ${formatCitation(c, answer.language)}\n    “${c.quote}”`)].join('\n');
}
