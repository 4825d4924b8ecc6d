import { readTable } from '../knowledge/lexicon.js';

/**
 * What kind of answer a question asks for, when it says so: "多少万元" wants an amount in 万元,
 * "占比多少" a percentage, "哪天" a date. A passage without such a value does not answer the
 * question, however many of its words it shares.
 */
const NUMBER = '(?:\\d[\\d.,]*|[一二两三四五六七八九十百千]+)';
/** Each unit with the units that count the same things (data/lexicon/units.tsv), longest first. */
function unitGroups(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [first, rest] of readTable('units.tsv')) {
    const group = [first, ...rest];
    for (const unit of group) groups.set(unit, [...new Set([...(groups.get(unit) ?? []), ...group])]);
  }
  for (const [unit, group] of groups)
    groups.set(
      unit,
      group.sort((a, b) => b.length - a.length),
    );
  return groups;
}

let units: Map<string, string[]> | null = null;
const asked = () => (units ??= unitGroups());

const DATE_VALUE = /\d{1,2}\s*月\s*\d{1,2}\s*日/;
const YEAR_VALUE = /\d{4}\s*年/;
const MONEY =
  /多少钱|(?:补|奖|给|拿|返|资助|补贴|奖励|补助|支持|扶持)(?:到|了)?(?:最高|最多)?(?:能|可以)?(?:是|为|有)?多少(?!个|家|项|条|份|人|次|倍)/;
const ANY_NUMBER = new RegExp(
  `\\d|[一二两三四五六七八九十百千]+(?:个|项|条|家|类|种|大|方面|倍|成)|[一两半]?刻钟|[一二两三四五六七八九十半]+(?:小时|分钟|天|周|个月|年)`,
);

export function expectedValue(question: string): RegExp | null {
  if (MONEY.test(question)) return new RegExp(`${NUMBER}\\s*(?:余|多)?\\s*(?:万|亿|千)?元`);
  if (/多大比例|几成|占多大|占多少|多少比例|什么比例|按.{0,6}比例|百分之几/.test(question))
    return /\d[\d.]*\s*[%％]|百分之|[一二三四五六七八九十]成/;
  if (/排(?:名)?第几|第几位|排第几/.test(question)) return /第\s*[一二三四五六七八九十\d]+|位居|排名|位列/;
  const known = [...asked().keys()].sort((a, b) => b.length - a.length);
  const unit = new RegExp(`(?:多少|几)(${known.join('|')})`).exec(question)?.[1];
  if (unit) {
    const same = asked().get(unit)!.join('|');
    if (unit.endsWith('元')) return new RegExp(`${NUMBER}\\s*(?:余|多)?\\s*(?:${same})`);
    if (unit === '万' || unit === '亿') return new RegExp(`${NUMBER}\\s*(?:余|多)?\\s*${unit}`);
    // "网民规模达10.51亿": a count of people or firms may be given by its magnitude alone.
    return new RegExp(`${NUMBER}\\s*(?:余|多)?\\s*(?:(?:万|亿)\\s*(?:${same})?|${same})`);
  }
  if (
    /(比例|占比|比重|增速|增长率|渗透率|覆盖率|普及率|(?<![a-z])率)(是|为|达到|达|要达到|有)?多少|百分之多少|多少个百分点/.test(question)
  ) {
    return /\d[\d.]*\s*[%％]|百分之|个百分点/;
  }
  if (/哪天|哪一天|几月几日|几号|截止日期|截至日期|什么日期/.test(question)) return DATE_VALUE;
  if (/哪一年|哪年/.test(question)) return YEAR_VALUE;
  return null;
}

/**
 * What a value question needs in its answering passage: the kind of value it names, else, for
 * "多少 / 几 / 多大" without a unit, at least a number.
 */
export function expectedValueOrNumber(question: string): RegExp | null {
  const q = `${question}${englishValueCue(question)}`;
  return expectedValue(q) ?? (/多少|几(?!乎)|多大|多高|多长|多久/.test(q) ? ANY_NUMBER : null);
}

/** The Chinese words for what an English question asks ("how many" → 多少), so one set of rules reads both. */
function englishValueCue(question: string): string {
  const q = question.toLowerCase();
  if (!/[a-z]{3}/.test(q)) return '';
  if (/\bhow much\b.*\b(yuan|rmb|money|funding|subsid|grant|reward|award)|\b(subsid|grant|reward|award)\w*\b.*\bhow much\b/.test(q))
    return ' 补贴多少';
  if (/\b(what|which)\s+(percentage|share|proportion|percent|ratio)\b|\bhow many percent|\bwhat per ?cent/.test(q)) return ' 占比多少';
  if (/\b(which|what) year\b|\bin what year\b/.test(q)) return ' 哪一年';
  if (/\bwhat date\b|\bwhich day\b|\bwhen\b/.test(q)) return ' 哪一天';
  if (/\bhow (many|much|large|big|high|long)\b/.test(q)) return ' 多少';
  return '';
}

/**
 * The text of a sentence without what only looks like a value: years and periods ("2023年",
 * "2023—2025年", "1—11月份"), dates, document numbers ("闽工信投资〔2021〕47号"), list markers, and
 * technology names (5G, 10G-PON, 4K).
 */
export function withoutNonValues(sentence: string): string {
  return (
    sentence
      .replace(/[〔［[(（]\s*(?:19|20)\d{2}\s*[〕］\])）]\s*\d*\s*号?/g, ' ')
      .replace(/(?:19|20)\d{2}\s*(?:[—–\-~至到]\s*(?:19|20)?\d{2,4}\s*)?年(?:度|底|末|初)?/g, ' ')
      .replace(/(?:19|20)\d{2}(?=[.．/-]\d)/g, ' ')
      .replace(/\d{1,2}\s*[—–\-~至到]\s*\d{1,2}\s*月份?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月份?|(?<![\d.])\d{1,2}\s*日(?!均)/g, ' ')
      .replace(/^\s*[（(]?[一二三四五六七八九十\d]+[）)、.．]/g, ' ')
      .replace(/第[一二三四五六七八九十\d]+(?:条|章|节|款)/g, ' ')
      // Names of technologies, not amounts: 5G, 10G-PON, 4K, 3D.
      .replace(/(?<![\d.])\d+\s*[GKD](?![A-Za-z])(?:-[A-Za-z]+)?/g, ' ')
  );
}

/** True when the sentence holds a value of the kind the regex asks for, years, dates and numbering aside. */
export function holdsValue(sentence: string, value: RegExp): boolean {
  // Questions that ask for a year or a date want exactly what the stripping removes.
  if (value === DATE_VALUE || value === YEAR_VALUE) return value.test(sentence);
  return value.test(withoutNonValues(sentence));
}
