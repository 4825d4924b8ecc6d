import { citationFor, type Citation } from '../../domain/citation.js';
import { formatWhere } from '../../domain/format.js';
import { titleKey } from '../../bulletin/normalize.js';
import { tagWords, tokenize } from '../../search/tokenize.js';
import { matchesFilters } from '../../search/retriever.js';
import { MUNICIPALITIES, samePlace, within, type Place } from '../../knowledge/places.js';
import { mentionsInstitution } from '../../knowledge/institutions.js';
import type { ArticleCatalog, ArticleProfile } from '../articles.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { QuestionTerms } from '../answerability/terms.js';
import { occurrences, termMatch } from '../answerability/terms.js';
import type { Answer } from '../types.js';
import { SourceList } from './sources.js';

/** Why an article is listed when no criterion of its own gave a reason. */
const NO_REASON = '符合条件';
/** At most this many articles are listed (the count covers them all). */
export const MAX_LISTED = 50;

/** What a list question asks for, read from its wording; every part present must match. */
export interface ListCriteria {
  /** Quoted words a title must contain (any of them): 标题里带“算力”, 文件名含“行动计划”或“行动方案”. */
  titleWords: string[];
  /** A kind of document the title must name: 白皮书, 报告, 公报. */
  docType: string | null;
  /** Issuer places (a place within one counts unless a level is asked). */
  places: Place[];
  excluded: Place[];
  /** The question counts districts in ("包括直辖市下面的区"). */
  withDistricts: boolean;
  /** Issuer level asked in words, or a class of cities. */
  level: 'national' | 'province' | 'city' | 'district' | 'municipality' | 'sub-provincial' | null;
  institutions: QuestionAnalysis['constraints']['institutions'];
  /** Content words the article must be about (its title, or its text throughout). */
  topic: string[];
}

const TITLE_WORDS =
  /(?:标题|题目|名称|文件名|名字|题名)(?:里|中|上)?(?:直接)?(?:带|含|包含|有|写着|写有|出现|带有|含有|叫)(?:了)?((?:\s*[“"「『']([^”"」』']{1,20})[”"」』']\s*(?:或者?|和|、|及|以及|或是)?)+)/;
const DOC_TYPES = ['白皮书', '统计公报', '公报', '报告', '指导意见', '实施方案', '行动计划', '行动方案', '管理办法', '规划', '指南'];
/** Words of a list question that are not its topic. */
const NOT_TOPIC = new Set(
  '哪些 哪几 哪几期 各期 栏目 专栏 几期 几份 几篇 多少 一共 总共 共 分别 都 收 收了 收录 登 登过 登了 刊登 这几期 几期里 简报 期 份 篇 文件 政策 政策文件 文章 出台 出的 出 发布 印发 联合 单独 国家 层面 级 省级 市级 区级 地方 城市 省份 城市 直辖市 副省级 副省级城市 下面 包括 不算 不包括 政府 自己 列全 列出 请 是 什么 在 哪 有 专门 讲 关于 相关 方面 涉及 提到 这一级 一级 含 算 排 第一位 第一 位 名称 标题 文件名 字样 带 的 请列全 省市 专项 专门 哪个 各 这几 几期里 收过 登过 地方政府'.split(
    ' ',
  ),
);

export function listCriteria(q: QuestionAnalysis, catalog: ArticleCatalog): ListCriteria {
  const text = q.focus;
  const quoted = TITLE_WORDS.exec(text);
  const titleWords = quoted ? [...quoted[1]!.matchAll(/[“"「『']([^”"」』']{1,20})[”"」』']/g)].map((m) => m[1]!) : [];
  const docType =
    DOC_TYPES.find((d) => new RegExp(`(?:几|多少|哪些|哪几)(?:份|篇|个)?${d}|${d}(?:有哪些|有哪几|一共|都有)`).test(text)) ?? null;
  const level = /直辖市/.test(text) ? 'municipality' : /副省级/.test(text) ? 'sub-provincial' : q.constraints.level;
  const c = q.constraints;
  const named = new Set([
    ...c.places.map((p) => p.text),
    ...c.excluded.map((p) => p.text),
    ...c.institutions.map((i) => i.text.toLowerCase()),
    ...titleWords.map((w) => w.toLowerCase()),
    // The column is a filter of its own, not the topic ("地方新政栏目" is not about 新政).
    ...(q.filters.category ? [q.filters.category] : []),
  ]);
  // The topic is what is left once quotes, brackets, places, institutions and exclusions are out.
  let rest = text.replace(/[“"「『'][^”"」』']*[”"」』']/g, ' ').replace(/[（(][^）)]*[）)]/g, ' ');
  for (const n of named) rest = rest.split(n).join(' ');
  rest = rest.replace(/(?:不算|不包括|不含|除了|除去)[^，。；？?]*/g, ' ');
  rest = rest.replace(/直辖市|副省级城市|副省级|省份|城市|地方/g, ' ');
  const nouns = new Set(
    tagWords(rest)
      .filter((w) => /^(n|nz|nt|vn|eng|l|an|j)$/.test(w.tag))
      .map((w) => w.word),
  );
  const topic = titleWords.length
    ? []
    : [...new Set(tokenize(rest))]
        .filter((t) => nouns.has(t) || [...nouns].some((n) => n.includes(t) && t.length >= 2))
        .filter(
          (t) =>
            t.length >= 2 &&
            !NOT_TOPIC.has(t) &&
            !/^\d+$/.test(t) &&
            ![...named].some((n) => n.includes(t) || t.includes(n)) &&
            t !== docType,
        )
        .filter((t, i, all) => !all.some((u, j) => j !== i && u.length > t.length && u.includes(t)));
  void catalog;
  return {
    titleWords,
    docType,
    places: c.places.map((m) => m.places[0]!),
    excluded: c.excluded.map((m) => m.places[0]!),
    withDistricts: /包括[^，。；）)]*(?:区|县)/.test(text),
    level,
    institutions: c.institutions,
    topic,
  };
}

export function hasCriteria(c: ListCriteria): boolean {
  return (
    c.titleWords.length > 0 ||
    c.places.length > 0 ||
    c.institutions.length > 0 ||
    c.topic.length > 0 ||
    c.level !== null ||
    c.docType !== null
  );
}

/** Why an article is on the list, or null when it is not. */
export function matchArticle(a: ArticleProfile, c: ListCriteria, catalog: ArticleCatalog, terms: QuestionTerms): string | null {
  const reasons: string[] = [];
  const title = a.toc.title;
  if (c.titleWords.length) {
    const hit = c.titleWords.find((w) => titleKey(title).includes(titleKey(w)));
    if (!hit) return null;
    reasons.push(`标题含“${hit}”`);
  }
  if (c.docType) {
    if (!title.includes(c.docType)) return null;
    reasons.push(`标题含“${c.docType}”`);
  }
  const issuers = a.titlePlaces.map((m) => m.places[0]!);
  if (c.excluded.some((x) => issuers.some((p) => samePlace(p, x) || within(p, x)))) return null;
  if (c.places.length) {
    const hit = c.places.find((asked) => issuers.some((p) => samePlace(p, asked) || (within(p, asked) && (!c.level || c.withDistricts))));
    if (!hit) return null;
    reasons.push(a.titlePlaces.map((m) => m.text).join(''));
  }
  if (c.level) {
    const issuer = issuers.at(-1);
    const ok =
      c.level === 'national'
        ? !issuer
        : c.level === 'municipality'
          ? !!issuer && (MUNICIPALITIES.includes(issuer.short) || (c.withDistricts && MUNICIPALITIES.includes(issuer.province)))
          : c.level === 'sub-provincial'
            ? !!issuer && issuer.subProvincial && issuers.length === 1
            : c.level === 'province'
              ? !!issuer && issuer.level === 'province' && issuers.length === 1
              : c.level === 'city'
                ? !!issuer && (issuer.level === 'city' || (MUNICIPALITIES.includes(issuer.short) && issuers.length === 1))
                : !!issuer && (issuer.level === 'district' || issuer.level === 'county' || issuer.level === 'new-area');
    if (!ok) return null;
    if (!c.places.length && issuer) reasons.push(a.titlePlaces.map((m) => m.text).join(''));
  }
  if (c.institutions.length) {
    const head = `${title} ${catalog.lead(a)}`;
    const hit = c.institutions.find((m) => m.institutions.some((i) => mentionsInstitution(head, i)));
    if (!hit) return null;
    reasons.push(`${hit.text}印发`);
  }
  if (c.topic.length) {
    const weights = c.topic.map((t) => terms.terms.find((x) => x.term === t) ?? { term: t, weight: 1, variants: [t], known: true });
    const total = weights.reduce((n, w) => n + w.weight, 0) || 1;
    const titleCover = weights.reduce((n, w) => n + w.weight * termMatch(w, title.toLowerCase()), 0) / total;
    if (titleCover >= 0.6) reasons.push(`标题讲${c.topic.join('、')}`);
    else {
      // The lead is checked first: it is short, and most articles fail it, so the whole text of
      // thousands of articles is not scanned (150 ms at 500 issues) for a list question.
      const lead = catalog.lead(a).toLowerCase();
      if (!weights.every((w) => termMatch(w, lead) === 1)) return null;
      const text = catalog.text(a);
      const mentions = weights.map((w) => w.variants.reduce((n, v) => n + occurrences(text, v), 0));
      if (!mentions.every((m) => m >= 3)) return null;
      reasons.push(`正文多处讲到${c.topic.join('、')}`);
    }
  }
  return reasons.join('，') || NO_REASON;
}

/**
 * Every article that matches a list question, in issue order, one line each with why it matches,
 * and the count. Null when the question states nothing a list can be drawn by.
 */
export function listAnswer(
  q: QuestionAnalysis,
  catalog: ArticleCatalog,
  terms: QuestionTerms,
  retrieved: Citation[],
): { answer: Answer; criteria: ListCriteria; matched: number } | null {
  const criteria = listCriteria(q, catalog);
  // A column named alone ("各期“产业镜像”栏目收了哪些文章") is a criterion of its own: the filter applies it.
  if (!hasCriteria(criteria) && !q.filters.category) return null;
  const articles = catalog
    .all()
    .filter((a) => matchesFilters(a.chunks[0]!, q.filters))
    .map((a) => ({ a, why: matchArticle(a, criteria, catalog, terms) }))
    .map(({ a, why }) => ({ a, why: why === NO_REASON && q.filters.category ? `“${q.filters.category}”栏目` : why }))
    .filter((m): m is { a: ArticleProfile; why: string } => m.why !== null)
    .sort((x, y) => x.a.bulletin.cover.date.localeCompare(y.a.bulletin.cover.date) || x.a.toc.page - y.a.toc.page);
  const en = q.language === 'en';
  if (!articles.length)
    return {
      answer: { question: q.original, text: '', found: false, citations: [], retrieved, language: q.language, kind: 'search' },
      criteria,
      matched: 0,
    };
  const sources = new SourceList();
  // A chat message of hundreds of lines helps nobody: the most recent ones are listed, the count is whole.
  const shown = articles.slice(-MAX_LISTED);
  const lines = shown.map(({ a, why }, i) => {
    const citation = citationFor(a.bulletin.cover, a.toc, a.toc.title, 1);
    const marker = sources.marker(citation);
    return `${i + 1}. 《${a.toc.title}》${en ? `, ${formatWhere(citation, 'en')} (${why})` : `——${formatWhere(citation)}（${why}）`}[${marker}]`;
  });
  const issues = new Set(articles.map(({ a }) => a.bulletin.cover.total)).size;
  const head = en
    ? `${articles.length} articles in ${issues} issues match:`
    : `已收录的简报中符合条件的共${articles.length}篇（分布在${issues}期）：`;
  const cut =
    shown.length < articles.length
      ? en
        ? `The ${shown.length} most recent are listed; name a year, an issue or a place to narrow the list.`
        : `以下列出最近的${shown.length}篇；加上年份、期号或地区可以缩小范围。`
      : null;
  const body = [head, ...(cut ? [cut] : []), ...lines].join('\n');
  return {
    // Each line is its own source line: no separate list of sources under it.
    answer: {
      question: q.original,
      text: body,
      found: true,
      citations: sources.citations,
      retrieved: [...sources.citations, ...retrieved].slice(0, 10),
      language: q.language,
      kind: 'search',
    },
    criteria,
    matched: articles.length,
  };
}
