import { createHash } from 'node:crypto';
import type { Article, Bulletin, Paragraph } from '../domain/bulletin.js';
import { issueRef } from '../domain/bulletin.js';
import type { Chunk } from '../domain/chunk.js';
import type { ChunkSettings } from './chunk-settings.js';
import { DEFAULT_CHUNK_SETTINGS } from './chunk-settings.js';
import { splitLongSentence, splitSentences } from '../text/sentences.js';
import { clampToToc, spansOfPieces, unionOfSpans, type PageSpan } from './chunk-pages.js';

interface Unit {
  sentence: string;
  /** Printed pages of the sentence; null when the bulletin came without page information. */
  pages: PageSpan | null;
  sectionPath: string[];
  /** A new top-level section or paragraph starts with this sentence. */
  topLevelBreak: boolean;
  sectionBreak: boolean;
}

type Piece = { sectionPath: string[]; text: string; pages: PageSpan | null };

/**
 * Cuts one bulletin into chunks. A chunk never crosses a top-level section, crosses a lower one
 * only while it is still short, ends on a sentence boundary, and repeats the previous chunk's last
 * sentence when it continues the same section. A chunk of a bulletin read from PDF cites the exact
 * pages its sentences stand on; otherwise the article's TOC range. `warn` hears of exact pages that
 * had to be moved into the TOC range.
 */
export function chunkBulletin(
  bulletin: Bulletin,
  settings: ChunkSettings = DEFAULT_CHUNK_SETTINGS,
  warn: (message: string) => void = () => {},
): Chunk[] {
  return bulletin.articles.flatMap((article, articleIndex) => chunkArticle(bulletin, article, articleIndex, settings, warn));
}

function chunkArticle(
  bulletin: Bulletin,
  article: Article,
  articleIndex: number,
  settings: ChunkSettings,
  warn: (message: string) => void,
): Chunk[] {
  const texts: Array<{ kind: Chunk['kind'] } & Piece> = [];
  if (article.editorNote) {
    const note: Paragraph = {
      sectionPath: ['编者按'],
      text: article.editorNote.replace(/\n/g, ''),
      pageBreaks: article.editorNotePageBreaks,
    };
    for (const piece of pack(units([note], settings), settings)) {
      texts.push({ kind: 'editor-note', ...piece });
    }
  }
  for (const piece of pack(units(article.paragraphs, settings), settings)) texts.push({ kind: 'body', ...piece });

  const issue = issueRef(bulletin.cover);
  return texts.map((t, ordinal) => ({
    id: chunkId(issue.total, articleIndex, ordinal, t.text),
    issue,
    category: article.toc.category,
    title: article.toc.title,
    sectionPath: t.sectionPath,
    pages: pagesOf(t.pages, article, warn),
    articleIndex,
    ordinal,
    kind: t.kind,
    text: t.text,
    file: bulletin.file,
  }));
}

function pagesOf(exact: PageSpan | null, article: Article, warn: (message: string) => void): Chunk['pages'] {
  if (!exact) return { start: article.toc.page, end: article.toc.endPage };
  const { span, warning } = clampToToc(exact, article.toc);
  if (warning) warn(warning);
  return { start: span[0], end: span[1] };
}

function units(paragraphs: Paragraph[], settings: ChunkSettings): Unit[] {
  const out: Unit[] = [];
  let previousPath: string[] | null = null;
  for (const p of paragraphs) {
    const sentences = splitSentences(p.text).flatMap((s) => splitLongSentence(s, settings.maxChars));
    const spans = spansOfPieces(p.text, sentences, p.pageBreaks);
    const topChanged = previousPath !== null && previousPath[0] !== p.sectionPath[0];
    const sectionChanged = previousPath !== null && previousPath.join('>') !== p.sectionPath.join('>');
    sentences.forEach((sentence, i) =>
      out.push({
        sentence,
        pages: spans[i]!,
        sectionPath: p.sectionPath,
        topLevelBreak: i === 0 && topChanged,
        sectionBreak: i === 0 && sectionChanged,
      }),
    );
    previousPath = p.sectionPath;
  }
  return out;
}

function pack(items: Unit[], settings: ChunkSettings): Piece[] {
  const chunks: Piece[] = [];
  let current: Unit[] = [];
  const length = (us: Unit[]) => us.reduce((n, u) => n + u.sentence.length, 0);
  const emit = () => {
    if (current.length)
      chunks.push({
        sectionPath: current[0]!.sectionPath,
        text: current.map((u) => u.sentence).join(''),
        pages: unionOfSpans(current.map((u) => u.pages)),
      });
  };
  for (const unit of items) {
    const size = length(current);
    const mustBreak = unit.topLevelBreak || (unit.sectionBreak && size >= settings.minChars);
    if (current.length && (mustBreak || size + unit.sentence.length > settings.maxChars)) {
      emit();
      current = mustBreak ? [] : overlap(current, settings.overlapChars);
      if (current.length && length(current) + unit.sentence.length > settings.maxChars) current = [];
    }
    current.push(unit);
  }
  emit();
  return chunks;
}

/** The trailing sentences of a full chunk that fit the overlap budget. */
function overlap(previous: Unit[], budget: number): Unit[] {
  const tail: Unit[] = [];
  let used = 0;
  for (let i = previous.length - 1; i > 0; i--) {
    used += previous[i]!.sentence.length;
    if (used > budget) break;
    tail.unshift({ ...previous[i]!, topLevelBreak: false, sectionBreak: false });
  }
  return tail;
}

function chunkId(total: number, articleIndex: number, ordinal: number, text: string): string {
  return createHash('sha256').update(`${total}|${articleIndex}|${ordinal}|${text}`).digest('hex').slice(0, 16);
}
