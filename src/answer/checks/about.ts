import type { ArticleProfile } from '../articles.js';
import { occurrences, type QuestionTerms } from '../evidence/terms.js';
import type { Check } from './types.js';

/** A question without a figure to look for must be about what the article is about. */
const ABOUT_MIN_SHARE = 0.5;
/** Or this share of the question's words in the title and headings: the question names the article or a part of it. */
const TITLE_MIN_SHARE = 0.1;
/** A word the article uses this often is something it is about, not a word it happens to use. */
const ABOUT_MIN_MENTIONS = 3;

/**
 * The share (by weight) of the question's words that the article is about: in its title, or used
 * throughout it. "推荐几本好看的书" shares 推荐 with a rule on 推荐名单, once: not what it is about.
 * Null when the question has no words of two characters or more to judge by.
 */
function aboutShare(terms: QuestionTerms, title: string, articleText: string): { share: number; inTitle: number } | null {
  const content = terms.terms.filter((t) => [...t.term].length >= 2);
  const total = content.reduce((n, t) => n + t.weight, 0);
  if (!total) return null;
  const lowerTitle = title.toLowerCase();
  const weight = (list: typeof content, of = total) => list.reduce((n, t) => n + t.weight, 0) / of;
  const titled = content.filter((t) => t.variants.some((v) => lowerTitle.includes(v)));
  // Words the bulletins never use ("那篇谈") cannot be in a title: the title share counts the others.
  const known = content.filter((t) => t.known);
  const about = content.filter(
    (t) => titled.includes(t) || t.variants.reduce((n, v) => n + occurrences(articleText, v, ABOUT_MIN_MENTIONS), 0) >= ABOUT_MIN_MENTIONS,
  );
  return {
    share: weight(about),
    inTitle: known.length
      ? weight(
          titled,
          known.reduce((n, t) => n + t.weight, 0),
        )
      : 0,
  };
}

/**
 * Whether the article is about what a question without a figure asks: a question that names the
 * article by its title's or headings' words may ask any detail of it; else most of its words must
 * be ones the article uses throughout. Null when the question has no words to judge by.
 */
export function aboutCheck(terms: QuestionTerms, article: ArticleProfile, articleText: string): Check | null {
  const title = article.toc.title;
  const headings = [...new Set(article.chunks.flatMap((ch) => ch.sectionPath))].join(' ');
  const about = aboutShare(terms, `${title} ${headings}`, articleText);
  if (!about) return null;
  const { share, inTitle } = about;
  const ok = share >= ABOUT_MIN_SHARE || inTitle >= TITLE_MIN_SHARE;
  return {
    name: 'about',
    ok,
    detail: ok
      ? `the article is about the question (${share.toFixed(2)} of its words in the title or throughout)`
      : `the article only touches the question's words (${share.toFixed(2)} of them in the title or throughout < ${ABOUT_MIN_SHARE}; ${inTitle.toFixed(2)} in the title < ${TITLE_MIN_SHARE})`,
    instead: ok ? undefined : `《${title}》只是顺带提到问题里的词，并不讲这件事`,
  };
}
