import { foldWidth } from '../../bulletin/normalize.js';
import type { Chunk } from '../../domain/chunk.js';
import type { ArticleProfile } from '../articles.js';
import type { QuestionTerms } from './terms.js';
import { holdsValue, withoutNonValues } from '../answer-type.js';
import type { FeatureVector } from '../decision/logistic.js';
import { yearsIn, planEndYears } from '../question/constraints.js';
import { narrowsScope, statesTarget } from './scope.js';
import type { PartQuery } from './types.js';

/** What the features of a sentence are read against: the part, the whole question, the article. */
export interface SentenceContext {
  part: PartQuery;
  /** The whole question's terms, and those of them the article's title does not hold. */
  all: QuestionTerms;
  residual: QuestionTerms;
  focus: string;
  years: number[];
  article: ArticleProfile;
  /** Rank of the article among the candidates (1 = best). */
  rank: number;
}

/** Sentences longer than this many characters count as this long (the length feature is a log). */
const LONG_SENTENCE = 200;

/**
 * The features of one sentence as the answer to one part: how much of the part's and the
 * question's words it holds (alone, with its neighbours and headings), whether it holds the kind of
 * value asked, the asked year, a stated target, where it stands. The sentence model
 * (data/answer-weights.json) turns them into a probability.
 */
export function sentenceFeatures(ctx: SentenceContext, chunk: Chunk, sentences: string[], i: number, firstInArticle: boolean): FeatureVector {
  const sentence = sentences[i]!;
  const before = sentences[i - 1] ?? '';
  const after = sentences[i + 1] ?? '';
  const headings = chunk.sectionPath.join(' ');
  const { part } = ctx;
  const window = foldWidth(`${ctx.article.toc.title} ${headings} ${before}${sentence}${after}`).toLowerCase();
  const said = [...yearsIn(before + sentence), ...planEndYears(before + sentence)];
  const asked = ctx.years;
  const value = part.value;
  const held = value ? holdsValue(sentence, value) : false;
  const attributeTerms = [...new Set(part.attribute.flatMap((g) => g.terms))];
  const near = foldWidth(before + sentence).toLowerCase();
  return {
    own: part.terms.wholeWordCoverage(sentence),
    ownWindow: part.terms.coverage(window, true),
    all: ctx.all.wholeWordCoverage(sentence),
    residual: ctx.residual.isEmpty ? 0 : ctx.residual.wholeWordCoverage(`${headings} ${sentence}`),
    heading: ctx.residual.isEmpty || !headings ? 0 : ctx.residual.wholeWordCoverage(headings),
    valueHeld: value && held ? 1 : 0,
    valueMissing: value && !held ? 1 : 0,
    valueNext: value && !held && holdsValue(after, value) ? 1 : 0,
    number: /\d/.test(withoutNonValues(sentence)) ? 1 : 0,
    yearMatch: asked.length && said.some((y) => asked.includes(y)) ? 1 : 0,
    yearOther: asked.length && said.length && !said.some((y) => asked.includes(y)) ? 1 : 0,
    target: part.asksTarget && statesTarget(sentence, chunk.sectionPath) ? 1 : 0,
    attribute: attributeTerms.length ? attributeTerms.filter((t) => near.includes(t.toLowerCase())).length / attributeTerms.length : 0,
    length: Math.log(1 + Math.min(sentence.length, LONG_SENTENCE)) / Math.log(1 + LONG_SENTENCE),
    editorNote: chunk.kind === 'editor-note' ? 1 : 0,
    lead: firstInArticle ? 1 : 0,
    narrowed: narrowsScope(sentence, ctx.focus) ? 1 : 0,
    rank: 1 / ctx.rank,
  };
}

/** The names of the sentence features, in a fixed order (the weights file lists them the same way). */
export const SENTENCE_FEATURES = [
  'own',
  'ownWindow',
  'all',
  'residual',
  'heading',
  'valueHeld',
  'valueMissing',
  'valueNext',
  'number',
  'yearMatch',
  'yearOther',
  'target',
  'attribute',
  'length',
  'editorNote',
  'lead',
  'narrowed',
  'rank',
] as const;
