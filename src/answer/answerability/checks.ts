import type { QuestionAnalysis } from '../question/analyze.js';
import { monthsIn, planEndYears, yearsIn } from '../question/constraints.js';
import { issuersOf, mentionsInstitution } from '../../knowledge/institutions.js';
import { placeChecks } from './place-checks.js';
import { aboutCheck } from './about.js';
import { expectedValueOrNumber, holdsValue } from '../answer-type.js';
import { tagWords } from '../../search/tokenize.js';
import { documentMatch, type ArticleCatalog, type ArticleProfile } from '../articles.js';
import { contains, type QuestionTerms, type WeightedTerm } from './terms.js';
import { variantsOf } from '../../knowledge/synonyms.js';

export type CheckName =
  | 'year'
  | 'period'
  | 'place'
  | 'level'
  | 'document'
  | 'institution'
  | 'about'
  | 'topic'
  | 'quote'
  | 'value'
  | 'attribute';

/** One constraint of the question checked against a candidate's evidence. */
export interface Check {
  name: CheckName;
  ok: boolean;
  /** What was compared, in words a tester reads in /why ("asked 2030; the passage says 2025"). */
  detail: string;
  /** For a failed check: what the bulletins hold instead, in the user's words (Chinese). */
  instead?: string;
}

export interface EvidenceWindow {
  /** The answering sentence. */
  sentence: string;
  /** The sentence before it (same chunk), '' when none. */
  before: string;
  /** The sentence with its neighbours. */
  text: string;
  /** The whole passage (chunk) the sentence stands in. */
  passage: string;
}

/**
 * Checks a question's constraints (years, period, place and level, named document, institution,
 * kind of value, the asked attribute) against one candidate: the article and the window of text
 * that would answer. Only constraints the question states are checked.
 */
export function checkCandidate(
  q: QuestionAnalysis,
  terms: QuestionTerms,
  article: ArticleProfile,
  window: EvidenceWindow,
  catalog: ArticleCatalog,
): Check[] {
  const checks: Check[] = [];
  const c = q.constraints;
  const articleText = catalog.text(article);
  const title = article.toc.title;

  if (c.years.length) {
    // A year that governs a figure comes before it: the sentence and the one before, not the one after.
    const inWindow = [...yearsIn(window.before + window.sentence), ...planEndYears(window.before + window.sentence)];
    // A year in brackets marks the edition ("报告(2023年)" reports on 2022), not the period of its figures.
    const inTitle = yearsIn(title.replace(/[（(][^）)]*[）)]/g, '').replace(/\s+/g, ''));
    const asked = c.years.join('、');
    if (c.years.some((y) => inWindow.includes(y))) checks.push({ name: 'year', ok: true, detail: `asked ${asked}; the passage says it` });
    else if (inWindow.length)
      checks.push({
        name: 'year',
        ok: false,
        detail: `asked ${asked}; the passage speaks of ${inWindow.join('、')}`,
        instead: `文中给出的是${inWindow.join('、')}年的情况，没有${asked}年的`,
      });
    else if (c.years.some((y) => inTitle.includes(y)))
      checks.push({ name: 'year', ok: true, detail: `asked ${asked}; the title names it` });
    // A list of targets often names its year once, at its head ("到2026年，…；…超过1000家").
    else if (!yearsIn(window.text).length && c.years.some((y) => yearsIn(window.passage).includes(y)))
      checks.push({ name: 'year', ok: true, detail: `asked ${asked}; the passage's paragraph names it` });
    // For a figure the year must govern the passage; for other questions the article naming it will do.
    else if (q.intent.kind !== 'value' && c.years.some((y) => articleText.includes(String(y))))
      checks.push({ name: 'year', ok: true, detail: `asked ${asked}; the article names it (not the passage)` });
    else checks.push({ name: 'year', ok: false, detail: `asked ${asked}; the article never names it`, instead: `文中没有提到${asked}年` });
  }

  if (c.months) {
    const asked = c.months;
    const said = monthsIn(window.text) ?? monthsIn(title);
    const label = (m: [number, number]) => (m[0] === 1 && m[1] === 12 ? '全年' : `${m[0]}—${m[1]}月`);
    if (said && (said[0] !== asked[0] || said[1] !== asked[1]))
      checks.push({
        name: 'period',
        ok: false,
        detail: `asked ${label(asked)}; the passage covers ${label(said)}`,
        instead: `文中是${label(said)}的数据，不是${label(asked)}的`,
      });
    else checks.push({ name: 'period', ok: true, detail: `asked ${label(asked)}` });
  }

  checks.push(...placeChecks(q, article, window, articleText));

  for (const name of c.documents) {
    if (documentMatch(name, title) > 0) checks.push({ name: 'document', ok: true, detail: `《${name}》 is this article` });
    else {
      const mentioned = articleText.includes(name.toLowerCase());
      checks.push({
        name: 'document',
        ok: false,
        detail: mentioned ? `《${name}》 is only mentioned in this article` : `《${name}》 is not this article`,
        instead: mentioned ? `简报收录的是《${title}》，其中提到了《${name}》，但没有刊登它的内容` : `已收录的简报中没有《${name}》`,
      });
    }
  }

  // An institution the question names must be in the article, unless the article names no issuer
  // at all (a statistics bulletin does not say who compiled it): then nothing contradicts it.
  const issuers = c.institutions.length ? issuersOf(title, catalog.lead(article)) : [];
  for (const m of c.institutions) {
    const named = m.institutions.some((i) => mentionsInstitution(articleText, i));
    const others = issuers.filter((x) => !x.institutions.some((i) => m.institutions.includes(i)));
    const ok = named || !others.length;
    checks.push({
      name: 'institution',
      ok,
      detail: named
        ? `${m.text} is named in the article`
        : ok
          ? `${m.text} is not named, nor is any other issuer`
          : `${m.text} is not named; the article names ${[...new Set(others.map((o) => o.text))].join('、')}`,
      instead: ok ? undefined : `《${title}》是${[...new Set(others.map((o) => o.text))].join('、')}的文件，文中没有提到${m.text}`,
    });
  }

  // Value questions are held to the kind of value and the asked attribute instead.
  if (q.intent.kind === 'general' || q.intent.kind === 'summary') {
    // Places are checked on their own: "上海今天股市行情如何" is not about Shanghai's policy.
    const about = aboutCheck(terms.without(c.places.map((p) => p.text)), article, articleText);
    if (about) checks.push(about);
  }

  const topic = keyTerm(terms, q, catalog.titleVocabulary());
  if (topic) {
    const ok = topic.variants.some((v) => contains(articleText, v));
    checks.push({
      name: 'topic',
      ok,
      detail: ok ? `the article speaks of ${topic.term}` : `the question's rarest term ${topic.term} is not in the article`,
      instead: ok ? undefined : `《${title}》中没有讲到${topic.term}`,
    });
  }

  const value = q.intent.kind === 'value' ? expectedValueOrNumber(q.focus) : null;
  if (value) {
    const ok = holdsValue(window.sentence, value);
    checks.push({
      name: 'value',
      ok,
      detail: ok
        ? `the passage holds a value of the asked kind`
        : `no value of the asked kind (${value.source.slice(0, 30)}…) in the passage`,
      instead: ok ? undefined : '文中没有给出这个数值',
    });
  }

  if (q.attribute.length) {
    // What a figure is about is named in its sentence or the one before. A question that asks two
    // things ("每人最多多少？一年几个名额？") is answered here if one of them is named; within one,
    // readers' words may miss up to half (not what must be named: both sides of a ratio, codes).
    const windowText = `${title} ${q.intent.kind === 'value' ? window.before + window.sentence : window.text}`.toLowerCase();
    const lacks = (a: string) => !variantsOf(a).some((v) => contains(windowText, v)) && !charsIn(a, windowText, 2 / 3);
    // The rarest word of a group that the corpus knows is the one a passage must not lack.
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
      checks.push({
        name: 'attribute',
        ok: true,
        detail: `asked about ${asked}; the passage names ${passing.g.terms.filter((t) => !lacks(t)).join('、')}`,
      });
    else {
      const missing = [...new Set(judged.flatMap((j) => j.missing))];
      const inArticle = missing.filter((a) => variantsOf(a).some((v) => contains(articleText, v)));
      checks.push({
        name: 'attribute',
        ok: false,
        detail: `asked about ${asked}; the passage does not name ${missing.join('、')}${inArticle.length ? ' (the article does elsewhere)' : ' (nor does the article)'}`,
        instead: inArticle.length ? `文中讲到${missing.join('、')}的地方没有给出所问的内容` : `文中没有提到${missing.join('、')}`,
      });
    }
  }
  return checks;
}

/**
 * The question's rarest topic word (a noun that some title uses; places, institutions and years
 * have checks of their own): the article must speak of it. "湖北省…元宇宙产业规模" is not answered from 湖北's SME plan, which never says 元宇宙.
 */
function keyTerm(terms: QuestionTerms, q: QuestionAnalysis, vocabulary: Set<string>): WeightedTerm | null {
  const named = [...q.constraints.places.map((p) => p.text), ...q.constraints.institutions.map((i) => i.text.toLowerCase())];
  // Only nouns that titles use name a topic ("元宇宙", "软件业务收入"); a reader's own words
  // ("老百姓", "做到", "自己") may be rare in policy prose but name none.
  const nouns = new Set(
    tagWords(q.focus)
      .filter((w) => /^(n|nz|nt|vn|eng|nrt|l)$/.test(w.tag))
      .map((w) => w.word),
  );
  const candidates = terms.terms.filter(
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

/** Most of a word's characters occur in the text: "场馆" is near enough to "体验馆". */
function charsIn(word: string, text: string, share = 0.5): boolean {
  const chars = [...word].filter((ch) => /\p{Script=Han}/u.test(ch));
  // A long compound shares most of its characters with its neighbours ("软件业务收入", "电信业务收入"): stricter.
  const needed = chars.length >= 4 ? Math.max(share, 0.8) : share;
  return chars.length >= 2 && chars.filter((ch) => text.includes(ch)).length / chars.length >= needed;
}

export type { WeightedTerm };
