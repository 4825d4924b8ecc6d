import { foldWidth } from '../../bulletin/normalize.js';
import type { Chunk } from '../../domain/chunk.js';
import type { ArticleProfile } from '../articles.js';
import type { QuestionTerms } from './terms.js';
import { holdsValue, withoutNonValues } from '../answer-type.js';
import { holdsKind } from '../answer-kind.js';
import type { FeatureVector } from '../decision/logistic.js';
import { yearsIn, planEndYears } from '../question/constraints.js';
import { narrowsScope, statesTarget } from './scope.js';
import type { PartQuery } from './types.js';

/** What the features of a sentence are read against: the part, the whole question, the article. */
export interface SentenceContext {
  part: PartQuery;
  /**
   * The part's words that ask (not those naming the article: its title's words, the places and
   * institutions the question names), and the same over the whole question.
   */
  asked: QuestionTerms;
  questionAsked: QuestionTerms;
  /** The whole question's terms. */
  all: QuestionTerms;
  focus: string;
  years: number[];
  article: ArticleProfile;
  /** Rank of the article among the candidates (1 = best). */
  rank: number;
}

/** Sentences longer than this many characters count as this long (the length feature is a log). */
const LONG_SENTENCE = 200;
/** An asked word this close before a value ("增速…达到25.7%") names what the value is. */
const NEAR_VALUE_CHARS = 16;
/** A sentence that announces a document ("…印发《…》") rather than saying what it holds. */
const ANNOUNCES = /(?:发布|印发|出台|公布|起草|征求意见|正式实施|审议通过)[^。；]{0,30}《|《[^》]+》[^。；]{0,12}(?:发布|印发|出台|公布)/;

/**
 * The features of one sentence as the answer to one part: how much of what the part asks (its
 * words beyond those that name the article) the sentence holds, alone, with the sentence before,
 * with its neighbours and headings; whether it holds the kind of value asked, near an asked word;
 * the asked year; a stated target; whether it only announces the document; where it stands. The
 * sentence model (data/answer-weights.json) turns them into a probability.
 */
export function sentenceFeatures(
  ctx: SentenceContext,
  chunk: Chunk,
  sentences: string[],
  i: number,
  firstInArticle: boolean,
): FeatureVector {
  const sentence = sentences[i]!;
  const before = sentences[i - 1] ?? '';
  const after = sentences[i + 1] ?? '';
  const headings = chunk.sectionPath.join(' ');
  const { part, asked } = ctx;
  const window = foldWidth(`${headings} ${before}${sentence}${after}`).toLowerCase();
  const said = [...yearsIn(before + sentence), ...planEndYears(before + sentence)];
  const years = ctx.years;
  const value = part.value;
  const held = value ? holdsValue(sentence, value) : false;
  const attributeTerms = [...new Set(part.attribute.flatMap((g) => g.terms))];
  const near = foldWidth(before + sentence).toLowerCase();
  return {
    asked: asked.isEmpty ? 0 : asked.wholeWordCoverage(sentence),
    askedBefore: asked.isEmpty ? 0 : asked.wholeWordCoverage(before + sentence),
    // Characters shared with an asked word count half ("转给" and "转让"): readers' words are near, not equal.
    askedTolerant: asked.isEmpty ? 0 : asked.coverage(sentence),
    askedWindow: asked.isEmpty ? 0 : asked.coverage(window, true),
    askedHeading: asked.isEmpty || !headings ? 0 : asked.wholeWordCoverage(headings),
    questionAsked: ctx.questionAsked.isEmpty ? 0 : ctx.questionAsked.wholeWordCoverage(sentence),
    all: ctx.all.wholeWordCoverage(sentence),
    valueHeld: value && held ? 1 : 0,
    valueMissing: value && !held ? 1 : 0,
    valueNext: value && !held && holdsValue(after, value) ? 1 : 0,
    valueNear: value && held && !asked.isEmpty && askedNearValue(sentence, asked, value) ? 1 : 0,
    kindHeld: part.kind && holdsKind(sentence, part.kind, ctx.focus) ? 1 : 0,
    kindMissing: part.kind && !holdsKind(sentence, part.kind, ctx.focus) ? 1 : 0,
    number: /\d/.test(withoutNonValues(sentence)) ? 1 : 0,
    yearMatch: years.length && said.some((y) => years.includes(y)) ? 1 : 0,
    yearOther: years.length && said.length && !said.some((y) => years.includes(y)) ? 1 : 0,
    target: part.asksTarget && statesTarget(sentence, chunk.sectionPath) ? 1 : 0,
    attribute: attributeTerms.length ? attributeTerms.filter((t) => near.includes(t.toLowerCase())).length / attributeTerms.length : 0,
    announces: ANNOUNCES.test(sentence) ? 1 : 0,
    length: Math.log(1 + Math.min(sentence.length, LONG_SENTENCE)) / Math.log(1 + LONG_SENTENCE),
    editorNote: chunk.kind === 'editor-note' ? 1 : 0,
    lead: firstInArticle ? 1 : 0,
    narrowed: narrowsScope(sentence, ctx.focus) ? 1 : 0,
    rank: 1 / ctx.rank,
  };
}

/** Some asked word stands within NEAR_VALUE_CHARS before a value of the asked kind. */
function askedNearValue(sentence: string, asked: QuestionTerms, value: RegExp): boolean {
  const lower = foldWidth(sentence).toLowerCase();
  for (const t of asked.terms) {
    for (const v of t.variants) {
      let at = lower.indexOf(v);
      while (at >= 0) {
        const after = lower.slice(at + v.length, at + v.length + NEAR_VALUE_CHARS);
        if (holdsValue(after, value)) return true;
        at = lower.indexOf(v, at + 1);
      }
    }
  }
  return false;
}

/** The names of the sentence features, in a fixed order (the weights file lists them the same way). */
export const SENTENCE_FEATURES = [
  'asked',
  'askedBefore',
  'askedTolerant',
  'askedWindow',
  'askedHeading',
  'questionAsked',
  'all',
  'valueHeld',
  'valueMissing',
  'valueNext',
  'valueNear',
  'kindHeld',
  'kindMissing',
  'number',
  'yearMatch',
  'yearOther',
  'target',
  'attribute',
  'announces',
  'length',
  'editorNote',
  'lead',
  'narrowed',
  'rank',
] as const;
