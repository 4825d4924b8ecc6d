import { tagWords } from '../../search/tokenize.js';
import { variantsOf } from '../../knowledge/synonyms.js';
import { expectedValueOrNumber, holdsValue } from '../answer-type.js';
import { contains, type WeightedTerm } from '../evidence/terms.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import { aboutCheck } from './about.js';
import type { Check, CheckContext } from './types.js';

/** The passage holds a value of the kind a value question asks for ("多少万元" → an amount in 万元). */
export function valueCheck({ q, window }: CheckContext): Check[] {
  const value = expectedValueOrNumber(q.focus)!;
  const ok = holdsValue(window.sentence, value);
  return [
    {
      name: 'value',
      ok,
      detail: ok
        ? 'the passage holds a value of the asked kind'
        : `no value of the asked kind (${value.source.slice(0, 30)}…) in the passage`,
      instead: ok ? undefined : '文中没有给出这个数值',
    },
  ];
}

export const asksValue = (q: QuestionAnalysis) => q.intent.kind === 'value' && expectedValueOrNumber(q.focus) !== null;

/**
 * What a figure is about is named in its sentence or the one before. A question that asks two
 * things is answered here if one of them is named; within one, readers' words may miss up to half
 * (not what must be named: both sides of a ratio, codes).
 */
export function attributeCheck({ q, terms, article, window, articleText }: CheckContext): Check[] {
  const windowText = `${article.toc.title} ${q.intent.kind === 'value' ? window.before + window.sentence : window.text}`.toLowerCase();
  const lacks = (a: string) => !variantsOf(a).some((v) => contains(windowText, v)) && !charsIn(a, windowText, 2 / 3);
  const rarest = (g: (typeof q.attribute)[number]) =>
    g.terms
      .map((t) => terms.terms.find((x) => x.term === t))
      .filter((t): t is WeightedTerm => !!t?.known)
      .sort((a, b) => b.weight - a.weight)[0]?.term;
  const judged = q.attribute.map((g) => {
    const missing = g.terms.filter(lacks);
    const key = rarest(g);
    return { g, missing, ok: missing.length * 2 <= g.terms.length && !g.required.some(lacks) && !(key && lacks(key)) };
  });
  const passing = judged.find((j) => j.ok);
  const asked = q.attribute.map((g) => g.terms.join('、')).join(' / ');
  if (passing)
    return [
      {
        name: 'attribute',
        ok: true,
        detail: `asked about ${asked}; the passage names ${passing.g.terms.filter((t) => !lacks(t)).join('、')}`,
      },
    ];
  const missing = [...new Set(judged.flatMap((j) => j.missing))];
  const inArticle = missing.filter((a) => variantsOf(a).some((v) => contains(articleText, v)));
  return [
    {
      name: 'attribute',
      ok: false,
      detail: `asked about ${asked}; the passage does not name ${missing.join('、')}${inArticle.length ? ' (the article does elsewhere)' : ' (nor does the article)'}`,
      instead: inArticle.length ? `文中讲到${missing.join('、')}的地方没有给出所问的内容` : `文中没有提到${missing.join('、')}`,
    },
  ];
}

/**
 * The question's rarest topic word (a noun some title uses; places, institutions and years have
 * checks of their own) should be in the article: "湖北省…元宇宙产业规模" is not answered from a plan
 * that never says 元宇宙.
 */
export function topicCheck({ q, terms, article, articleText, catalog }: CheckContext): Check[] {
  const topic = keyTerm(terms.terms, q, catalog.titleVocabulary());
  if (!topic) return [];
  const ok = topic.variants.some((v) => contains(articleText, v));
  return [
    {
      name: 'topic',
      ok,
      detail: ok ? `the article speaks of ${topic.term}` : `the question's rarest term ${topic.term} is not in the article`,
      instead: ok ? undefined : `《${article.toc.title}》中没有讲到${topic.term}`,
    },
  ];
}

function keyTerm(terms: WeightedTerm[], q: QuestionAnalysis, vocabulary: Set<string>): WeightedTerm | null {
  const named = [...q.constraints.places.map((p) => p.text), ...q.constraints.institutions.map((i) => i.text.toLowerCase())];
  // Only nouns that titles use name a topic ("元宇宙", "软件业务收入"); a reader's own words
  // ("老百姓", "做到") may be rare in policy prose but name none.
  const nouns = new Set(
    tagWords(q.focus)
      .filter((w) => /^(n|nz|nt|vn|eng|nrt|l)$/.test(w.tag))
      .map((w) => w.word),
  );
  const candidates = terms.filter(
    (t) =>
      t.known &&
      nouns.has(t.term) &&
      vocabulary.has(t.term) &&
      [...t.term].length >= 2 &&
      !/^\d/.test(t.term) &&
      !named.some((n) => n.includes(t.term) || t.term.includes(n)),
  );
  if (!candidates.length) return null;
  return candidates.reduce((a, b) => (b.weight > a.weight ? b : a));
}

/** A phrase the question quotes (“山东科技大市场”) is in the article word for word. */
export function quoteCheck({ q, catalog, article }: CheckContext): Check[] {
  const text = catalog.compactText(article);
  return q.constraints.quotes.map((x) => {
    const ok = text.includes(x);
    return {
      name: 'quote',
      ok,
      detail: ok ? `the article has “${x}”` : `the article does not have “${x}”`,
      instead: ok ? undefined : `文中没有“${x}”`,
    };
  });
}

/** A general or summary question must be about what the article is about (places are checked apart). */
export function aboutQuestionCheck({ q, terms, article, articleText }: CheckContext): Check[] {
  const about = aboutCheck(terms.without(q.constraints.places.map((p) => p.text)), article, articleText);
  return about ? [about] : [];
}

/** Most of a word's characters occur in the text: "场馆" is near enough to "体验馆". */
export function charsIn(word: string, text: string, share = 0.5): boolean {
  const chars = [...word].filter((ch) => /\p{Script=Han}/u.test(ch));
  // A long compound shares most of its characters with its neighbours ("软件业务收入", "电信业务收入"): stricter.
  const needed = chars.length >= 4 ? Math.max(share, 0.8) : share;
  return chars.length >= 2 && chars.filter((ch) => text.includes(ch)).length / chars.length >= needed;
}
