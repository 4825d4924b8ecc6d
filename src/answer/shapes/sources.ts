import type { Language } from '../../domain/language.js';
import { formatCitation } from '../../domain/format.js';
import { sameSource, type Citation } from '../../domain/citation.js';

/** Numbers sources in order of first use: the same article and pages share one marker. */
export class SourceList {
  readonly citations: Citation[] = [];

  /** The marker of a source, adding it when new. */
  marker(citation: Citation): number {
    const at = this.citations.findIndex((c) => sameSource(c, citation));
    if (at >= 0) return this.citations[at]!.marker!;
    const marker = this.citations.length + 1;
    this.citations.push({ ...citation, marker });
    return marker;
  }

  /** One line per source, after the answer: "来源：\n[1] 《大数据发展动态》2023年第42期…". */
  block(language: Language): string {
    if (!this.citations.length) return '';
    const head = language === 'en' ? 'Sources:' : '来源：';
    return [head, ...this.citations.map((c) => `[${c.marker}] ${formatCitation(c, language)}`)].join('\n');
  }
}

/** The text of an answer with its source lines, and the same with markers only (channels list sources themselves). */
export function withSources(body: string, sources: SourceList, language: Language): { text: string; markedText: string } {
  const block = sources.block(language);
  return { text: block ? `${body}\n\n${block}` : body, markedText: body };
}
