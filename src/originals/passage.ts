import { readFile } from 'node:fs/promises';
import { BulletinParseError } from '../bulletin/parse-error.js';
import { parseBulletin } from '../bulletin/parse.js';
import { bulletinText } from '../ingest/bulletin-text.js';
import { keyOf } from '../pdf/locate-quote.js';
import { splitSentences } from '../text/sentences.js';
import type { CitedSource } from './source.js';
import { OriginalUnavailableError, type OriginalPassage } from './types.js';

/** Text shown on either side of the quote at most (a long paragraph is cut there, with an ellipsis). */
const CONTEXT_CHARS = 600;

/**
 * The paragraph of a text bulletin that holds the quote, split around it. The file is read and
 * parsed as ingest reads it (same normalisation), and the quote looked for in the cited article's
 * title, editor's note and paragraphs, comparing letters and digits only. A quote of several
 * sentences that a paragraph break divides is shown from the paragraph holding its first sentence.
 */
export async function passageFor(source: CitedSource, quote: string): Promise<OriginalPassage> {
  let paragraphs: string[];
  try {
    const { text } = await bulletinText({ name: source.bulletin.file, bytes: await readFile(source.path) });
    const article = parseBulletin(source.bulletin.file, text).articles.find((a) => a.toc.title === source.article.title);
    if (!article) throw new OriginalUnavailableError('page-not-found', `${source.bulletin.file} has no article ${source.article.title}`);
    paragraphs = [article.printedTitle, article.editorNote ?? '', ...article.paragraphs.map((p) => p.text)].filter(Boolean);
  } catch (error) {
    if (error instanceof BulletinParseError) throw new OriginalUnavailableError('broken', error.message);
    throw error;
  }
  const sentences = [quote, ...splitSentences(quote)];
  for (const wanted of sentences)
    for (const paragraph of paragraphs) {
      const span = spanOf(paragraph, wanted);
      if (span) return cut(paragraph, span);
    }
  throw new OriginalUnavailableError('page-not-found', `the quote is not in ${source.bulletin.file}, ${source.article.title}`);
}

/** Where `wanted` stands in `text`, comparing letters and digits only; its closing punctuation included. */
export function spanOf(text: string, wanted: string): { start: number; end: number } | null {
  const key = keyOf(wanted);
  if (key.length < 2) return null;
  const from: number[] = [];
  let keyed = '';
  [...text].reduce((offset, ch) => {
    for (const k of keyOf(ch)) {
      keyed += k;
      from.push(offset);
    }
    return offset + ch.length;
  }, 0);
  const at = keyed.indexOf(key);
  if (at < 0) return null;
  const start = from[at]!;
  let end = from[at + key.length - 1]! + 1;
  while (end < text.length && end - (from[at + key.length - 1]! + 1) < 2 && !keyOf(text[end]!) && text[end] !== ' ') end++;
  return { start, end };
}

function cut(paragraph: string, { start, end }: { start: number; end: number }): OriginalPassage {
  const before = paragraph.slice(0, start);
  const after = paragraph.slice(end);
  return {
    before: before.length > CONTEXT_CHARS ? `…${before.slice(-CONTEXT_CHARS)}` : before,
    sentence: paragraph.slice(start, end),
    after: after.length > CONTEXT_CHARS ? `${after.slice(0, CONTEXT_CHARS)}…` : after,
  };
}
