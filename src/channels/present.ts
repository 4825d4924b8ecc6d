import type { Answer } from '../answer/types.js';
import type { Citation } from '../domain/citation.js';
import { BULLETIN_NAME, formatWhere } from '../domain/format.js';

/** A source as channels show it: its marker, where it is, and the quoted passage. */
export interface PresentedSource {
  marker: number;
  /** 2023年第36期（总第147期）第7–11页 */
  where: string;
  title: string;
  quote: string;
}

/** What every channel shows of an answer: the text with [n] markers, then the sources by marker. */
export interface PresentedAnswer {
  body: string;
  sources: PresentedSource[];
}

export function presentAnswer(answer: Answer): PresentedAnswer {
  if (!answer.markedText) return { body: answer.text, sources: [] };
  return { body: answer.markedText, sources: answer.citations.map((c, i) => presentSource(c, c.marker ?? i + 1, answer.language)) };
}

function presentSource(c: Citation, marker: number, language: Answer['language']): PresentedSource {
  return { marker, where: formatWhere(c, language), title: c.title, quote: c.quote };
}

/** The sources of an answer, for /sources and the 查看来源 button: with quotes; the retrieved ones when it found nothing. */
export function presentSources(answer: Answer): { heading: string; sources: PresentedSource[] } {
  const en = answer.language === 'en';
  if (answer.citations.length) {
    return {
      heading: en ? 'Sources of the last answer:' : `上一个回答的来源（《${BULLETIN_NAME}》）：`,
      sources: answer.citations.map((c, i) => presentSource(c, c.marker ?? i + 1, answer.language)),
    };
  }
  return {
    heading: en ? 'Nothing answered the question; the closest passages:' : '上一个问题没有找到答案，检索到的最接近内容：',
    sources: answer.retrieved.slice(0, 5).map((c, i) => presentSource(c, i + 1, answer.language)),
  };
}
