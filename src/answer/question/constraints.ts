import { foldWidth } from '../../bulletin/normalize.js';
import { findPlaces, placeNamed, type Place, type PlaceMention } from '../../knowledge/places.js';
import { tagWords } from '../../search/tokenize.js';
import { findInstitutions, type Institution } from '../../knowledge/institutions.js';
import { lexicon } from '../../knowledge/lexicon.js';

/** What a question pins down, to be checked against the evidence before answering from it. */
export interface QuestionConstraints {
  /** Years the question asks about (target dates, reporting years), not those inside a 《document name》. */
  years: number[];
  /** A month range ("1—11月", "全年" = 1–12) the question asks about. */
  months: [number, number] | null;
  places: PlaceMention[];
  /** The administrative level asked for in words ("省级", "全省", "市里"), if any. */
  level: 'national' | 'province' | 'city' | 'district' | null;
  /** Places the question excludes ("不算贵阳贵安"). */
  excluded: PlaceMention[];
  /** 《document names》 the question names (generic short names such as 《意见》 left out). */
  documents: string[];
  institutions: Array<{ text: string; institutions: Institution[] }>;
  /** Phrases the question quotes (“山东科技大市场”), lower-cased: the bulletins' own words, as a rule. */
  quotes: string[];
}

const DOCUMENT = /《([^《》]{2,80})》/g;
/** The bulletin's own name is not a document a question asks about. */
const BULLETIN = /^大数据发展动态$/;
/** Abbreviations a text uses for the document it is about: they name nothing by themselves. */
const GENERIC_DOCUMENT =
  /^(意见|方案|通知|规划|计划|行动计划|行动方案|实施方案|工作方案|办法|措施|若干措施|指南|规定|条例|报告|白皮书|公报|指导意见|实施意见|决定|纲要)$/;
const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)(?:\s*[年—–\-~至到]|\s*(?:底|末))/g;
const YEAR_RANGE = /(?<!\d)((?:19|20)\d{2})\s*[—–\-~至到]\s*((?:19|20)\d{2})/g;
const MONTHS = /(\d{1,2})\s*[—–\-~至到]\s*(\d{1,2})\s*月/;
const EXCLUDE = /(?:不算|不包括|不含|除了|除去|排除)\s*([^，。；？?）)]{2,20})|([^，。；？?（(]{2,12})除外/g;

export function extractConstraints(question: string, extraPlaces?: Map<string, Place[]>): QuestionConstraints {
  const bracketed = [...question.matchAll(DOCUMENT)].map((m) => m[1]!.trim()).filter((d) => !GENERIC_DOCUMENT.test(d) && !BULLETIN.test(d));
  const formal = formalNames(
    question.replace(DOCUMENT, (m) => ' '.repeat(m.length)),
    extraPlaces,
  );
  const documents = [...bracketed, ...formal];
  // Years and issuers inside a document's name belong to the name ("《…（2023年）》").
  let outsideNames = question.replace(DOCUMENT, (m) => ' '.repeat(m.length));
  for (const name of formal) outsideNames = outsideNames.split(name).join(' '.repeat(name.length));
  const excludedText = [...question.matchAll(EXCLUDE)].map((m) => m[1] ?? m[2] ?? '').join(' ');
  const excluded = findPlaces(excludedText, extraPlaces);
  const known = findPlaces(question, extraPlaces);
  const places = [...known, ...unknownPlaces(question, known)].filter((p) => !excluded.some((e) => e.text === p.text));
  return {
    years: yearsIn(outsideNames),
    months: monthsIn(outsideNames),
    places,
    level: levelAsked(question),
    excluded,
    documents,
    institutions: findInstitutions(outsideNames).map((m) => ({ text: m.text, institutions: m.institutions })),
    quotes: [...question.matchAll(/[“"「『]([^”"」』]{2,24})[”"」』]/g)].map((m) => foldWidth(m[1]!).toLowerCase().replace(/\s+/g, '')),
  };
}

/** Years in a text, a range ("2023—2025年") contributing both ends. */
export function yearsIn(text: string): number[] {
  const years = new Set<number>();
  for (const m of text.matchAll(YEAR_RANGE)) years.add(Number(m[1])).add(Number(m[2]));
  for (const m of text.matchAll(YEAR)) years.add(Number(m[1]));
  return [...years];
}

export function monthsIn(text: string): [number, number] | null {
  if (/全年|全年度|1\s*[—–\-~至到]\s*12\s*月/.test(text)) return [1, 12];
  const first = /前\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*个?月/.exec(text);
  if (first) return [1, chineseNumber(first[1]!)];
  const m = MONTHS.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function levelAsked(question: string): QuestionConstraints['level'] {
  // "福建省省级人工智能产业发展项目管理办法": a level right after a place is part of a name.
  const q = question.replace(/《[^》]*》/g, ' ').replace(/(?<=[省市区])(?:省级|市级|区级)/g, ' ');
  if (/国家层面|中央层面|国家部委|部委层面/.test(q)) return 'national';
  // 全省/全市 name the scope of a target ("全省率先建成…"), not the issuer's level: not read here.
  if (/省级|省一级|省里|省政府|省委|省层面|省本级/.test(q)) return 'province';
  if (/(?<!副省级城)市级|市一级|市里|市政府|市委|市层面|市本级/.test(q)) return 'city';
  if (/(?<!自治)区级|区县级|区一级|(?<!自治)区里|(?<!自治)区政府/.test(q)) return 'district';
  return null;
}

/** 1–99 written in digits or Chinese numerals ("十一" → 11). */
function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const digits: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  if (!text.includes('十')) return digits[text] ?? 0;
  const [tens, ones] = text.split('十');
  return (tens ? (digits[tens] ?? 0) : 1) * 10 + (ones ? (digits[ones] ?? 0) : 0);
}

/** A document's formal name written out without 《》: a place, then words, then the kind of document. */
const FORMAL_NAME =
  /(?:关于)?[\p{Script=Han}\d（）()—-]{4,40}?(?:总体工作方案|实施方案|行动方案|行动计划|工作方案|指导意见|实施意见|若干政策措施|若干措施|政策措施|管理办法|发展规划|白皮书|统计公报)(?:[（(](?:试行|征求意见稿|\d{4}[—\-~至]\d{4}年)[）)])*/gu;
/** Words that make a phrase a reader's description ("贵州那份让工厂搞数字化的三年方案"), not a name. */
const DESCRIPTIVE = /那|这|份|个|搞|让|帮|给|出的|发的|讲|提到|某|啥|哪/;

/**
 * Formal names a question writes without 《》 ("山东省关于加快数字经济高质量发展的指导意见"): a
 * phrase that starts with a place and ends with a kind of document, in the words of a title.
 */
function formalNames(text: string, extraPlaces?: Map<string, Place[]>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(FORMAL_NAME)) {
    const phrase = m[0];
    const place = findPlaces(phrase, extraPlaces)[0];
    if (!place) continue;
    const name = phrase.slice(place.index);
    if (name.length >= 10 && !DESCRIPTIVE.test(name)) out.push(name);
  }
  return out;
}

/** The years a text names as the end of a plan period: "到“十四五”末" is 2025. */
export function planEndYears(text: string): number[] {
  const periods = lexicon().planPeriods;
  const names = [...periods.keys()].join('|');
  return [...text.matchAll(new RegExp(`(${names})["”」』]?\\s*(?:时期|期间)?\\s*(?:末|期末)`, 'g'))].map((m) => periods.get(m[1]!)![1]);
}

/**
 * Places a question names that neither the gazetteer nor the bulletins' titles know ("星海市" once
 * its issue is gone): a name the tagger reads as a place, written with its level. The question
 * still asks about that place, and its checks hold the evidence to it.
 */
function unknownPlaces(question: string, known: PlaceMention[]): PlaceMention[] {
  const out: PlaceMention[] = [];
  let at = 0;
  const words = tagWords(question);
  words.forEach((w, i) => {
    const index = at;
    at += w.word.length;
    const next = words[i + 1]?.word ?? '';
    const written =
      /^[\p{Script=Han}]{2,3}[省市县]$/u.test(w.word) && w.tag === 'x'
        ? w.word
        : w.tag === 'ns' && /^[省市县]$/.test(next)
          ? w.word + next
          : '';
    if (!written || known.some((k) => k.index <= index && index < k.index + k.text.length)) return;
    out.push({ text: written, index, places: [placeNamed(written.slice(0, -1), written.slice(-1))], explicitLevel: true });
  });
  return out;
}
