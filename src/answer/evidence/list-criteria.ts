import { foldWidth, titleKey } from '../../bulletin/normalize.js';
import { tagWords, tokenize } from '../../search/tokenize.js';
import { MUNICIPALITIES, samePlace, within, type Place } from '../../knowledge/places.js';
import { mentionsInstitution } from '../../knowledge/institutions.js';
import { lexicon } from '../../knowledge/lexicon.js';
import { foldNumerals } from '../../text/numerals.js';
import type { ArticleCatalog, ArticleProfile } from '../articles.js';
import type { QuestionAnalysis } from '../question/analyze.js';

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
  /** Content words the article's text must speak of; a question that offers alternatives ("A或B") has one list per alternative. */
  topic: string[];
  alternatives: string[][];
  /** Codes the question names ("DCMM", "PUE"): a sentence that uses one speaks of the topic. */
  codes: string[];
  /**
   * What one sentence must state word for word (compact, numerals folded, lower-cased): phrases the
   * question quotes ("“揭榜挂帅”"), dates and figures ("有效期到2025年12月31日", "有效期是3年"). Each
   * is a list of alternatives ("首席数据官（CDO）": 首席数据官 or cdo).
   */
  literals: string[][];
}

const TITLE_WORDS =
  /(?:标题|题目|名称|文件名|名字|题名)(?:里|中|上)?(?:直接)?(?:带|含|包含|有|写着|写有|出现|带有|含有|叫)(?:了)?((?:\s*[“"「『']([^”"」』']{1,20})[”"」』']\s*(?:或者?|和|、|及|以及|或是)?)+)/;
/** A full date, a year that ends a period ("到2025年"), or a figure with its unit ("3年", "30%"): the text must say it. */
const LITERAL_FIGURE =
  /(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?<=(?:到|至|截至|截止)\s*)(?:19|20)\d{2}\s*年|(?<![\d.])\d+(?:\.\d+)?\s*(?:个月|年|天|个工作日|%|％|万元|亿元|元)/g;
/** A quoted phrase that is not a title word: the topic, word for word. */
const QUOTED = /[“"「『]([^”"」』]{2,20})[”"」』]/g;
/** "首席数据官（CDO）": a name and the abbreviation it is also known by. */
const ALSO_KNOWN = /([\p{Script=Han}]{2,12})[（(]([A-Za-z][A-Za-z0-9-]{1,10})[）)]/gu;

/** A literal as a sentence is compared with it: compact, numerals folded, lower-cased. */
export function literalKey(text: string): string {
  return foldNumerals(foldWidth(text).replace(/[\s·•・‧_]+/g, '')).toLowerCase();
}

/** "DCMM", "PUE", "CDO": a code a question names is the topic by itself wherever a sentence uses it. */
const CODE = /(?<![A-Za-z])[A-Z][A-Z0-9]{1,9}s?(?![A-Za-z])/g;

export function listCriteria(q: QuestionAnalysis): ListCriteria {
  const text = q.focus;
  const lex = lexicon();
  const quoted = TITLE_WORDS.exec(text);
  const titleWords = quoted ? [...quoted[1]!.matchAll(/[“"「『']([^”"」』']{1,20})[”"」』']/g)].map((m) => m[1]!) : [];
  const docType =
    lex.documentKinds.find((d) => new RegExp(`(?:几|多少|哪些|哪几)(?:份|篇|个)?${d}|${d}(?:有哪些|有哪几|一共|都有)`).test(text)) ?? null;
  const level = /直辖市/.test(text) ? 'municipality' : /副省级/.test(text) ? 'sub-provincial' : q.constraints.level;
  const c = q.constraints;
  // "哪些文件提到贵阳大数据交易所": a place after the verb that says what the text speaks of is part of
  // the topic, not the issuer the list is drawn by.
  const mention = lex.mentionVerbs.exec(text);
  const issuerPlaces = c.places.filter((p) => !mention || p.index < mention.index);
  const topicPlaces = c.places.filter((p) => !issuerPlaces.includes(p)).map((p) => p.text);
  // A quoted column name ("“产业镜像”栏目") is the column filter, not a phrase the text must hold.
  const phrases = titleWords.length ? [] : [...text.matchAll(QUOTED)].map((m) => m[1]!).filter((p) => p !== q.filters.category);
  const aliases = [...text.matchAll(ALSO_KNOWN)].map((m) => [m[1]!, m[2]!]);
  const literals = [
    ...phrases.map((p) => [p, ...aliases.filter((a) => a[0] === p || a[1] === p).flat()]),
    ...[...text.replace(QUOTED, ' ').matchAll(LITERAL_FIGURE)].map((m) => [m[0]]),
  ].map((alternatives) => [...new Set(alternatives.map(literalKey))]);
  const named = new Set([
    ...issuerPlaces.map((p) => p.text),
    ...c.excluded.map((p) => p.text),
    ...c.institutions.map((i) => i.text.toLowerCase()),
    ...titleWords.map((w) => w.toLowerCase()),
    // The column is a filter of its own, not the topic ("地方新政栏目" is not about 新政).
    ...(q.filters.category ? [q.filters.category] : []),
  ]);
  // The topic is what is left once quotes, brackets, places, institutions, dates and exclusions are out.
  let rest = text.replace(/[“"「『'][^”"」』']*[”"」』']/g, ' ').replace(/[（(][^）)]*[）)]/g, ' ');
  for (const n of named) rest = rest.split(n).join(' ');
  rest = rest.replace(/(?:不算|不包括|不含|除了|除去)[^，。；？?]*/g, ' ').replace(LITERAL_FIGURE, ' ');
  rest = rest.replace(/直辖市|副省级城市|副省级|省份|城市|地方/g, ' ');
  const nouns = new Set(
    tagWords(rest)
      .filter((w) => /^(n|nz|nt|vn|eng|l|an|j)$/.test(w.tag))
      .map((w) => w.word),
  );
  // An abbreviation in brackets is an alternative name ("首席数据官（CDO）"), not more topic.
  for (const [, short] of aliases) rest = rest.split(short!).join(' ');
  const codes = [...new Set([...text.matchAll(CODE)].map((m) => m[0].toLowerCase()))];
  const topicOf = (part: string) =>
    titleWords.length
      ? []
      : [...new Set([...tokenize(part), ...topicPlaces.filter((p) => part.includes(p))])]
          .filter((t) => nouns.has(t) || topicPlaces.includes(t) || [...nouns].some((n) => n.includes(t) && t.length >= 2))
          .filter(
            (t) =>
              t.length >= 2 &&
              !lex.listWords.has(t) &&
              !/^\d+$/.test(t) &&
              ![...named].some((n) => n.includes(t) || t.includes(n)) &&
              t !== docType,
          )
          .filter((t, i, all) => !all.some((u, j) => j !== i && u.length > t.length && u.includes(t)));
  const topic = topicOf(rest);
  // "提到了低空经济或低空基础设施": either one will do.
  const alternatives = /或者?/.test(rest)
    ? rest
        .split(/或者?/)
        .map(topicOf)
        .filter((t) => t.length)
    : [];
  return {
    titleWords,
    docType,
    places: issuerPlaces.map((m) => m.places[0]!),
    excluded: c.excluded.map((m) => m.places[0]!),
    withDistricts: /包括[^，。；）)]*(?:区|县)/.test(text),
    level,
    institutions: c.institutions,
    topic,
    alternatives: alternatives.length > 1 ? alternatives : [],
    codes,
    literals,
  };
}

export function hasCriteria(c: ListCriteria): boolean {
  return (
    c.titleWords.length > 0 ||
    c.places.length > 0 ||
    c.institutions.length > 0 ||
    c.topic.length > 0 ||
    c.codes.length > 0 ||
    c.literals.length > 0 ||
    c.level !== null ||
    c.docType !== null
  );
}

/**
 * Whether an article matches what a list asks of its title, issuer, level and institution, and why
 * (in words for the reader); null when it does not. The topic is matched on the text elsewhere.
 */
export function matchIssuer(a: ArticleProfile, c: ListCriteria, catalog: ArticleCatalog): string | null {
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
    if (!levelMatches(issuers, c)) return null;
    if (!c.places.length && issuers.length) reasons.push(a.titlePlaces.map((m) => m.text).join(''));
  }
  if (c.institutions.length) {
    const head = `${title} ${catalog.lead(a)}`;
    const hit = c.institutions.find((m) => m.institutions.some((i) => mentionsInstitution(head, i)));
    if (!hit) return null;
    reasons.push(`${hit.text}印发`);
  }
  return reasons.join('，');
}

function levelMatches(issuers: Place[], c: ListCriteria): boolean {
  const issuer = issuers.at(-1);
  switch (c.level) {
    case 'national':
      return !issuer;
    case 'municipality':
      return !!issuer && (MUNICIPALITIES.includes(issuer.short) || (c.withDistricts && MUNICIPALITIES.includes(issuer.province)));
    case 'sub-provincial':
      return !!issuer && issuer.subProvincial && issuers.length === 1;
    case 'province':
      return !!issuer && issuer.level === 'province' && issuers.length === 1;
    case 'city':
      return !!issuer && (issuer.level === 'city' || (MUNICIPALITIES.includes(issuer.short) && issuers.length === 1));
    case 'district':
      return !!issuer && (issuer.level === 'district' || issuer.level === 'county' || issuer.level === 'new-area');
    default:
      return true;
  }
}
