import { tagWords, isStopWord } from '../../search/tokenize.js';
import { lexicon } from '../../knowledge/lexicon.js';

/** Where a value question asks: "总投资是多少亿元", "得分具体是多少分", "多少项重点行动". */
const VALUE_WORD = /(?:多少|(?<!哪)几(?!乎)[\p{Script=Han}]|多大|多高|多长|多久|哪年|哪一年|何时|什么时候|排第几|第几)/u;
/** jieba tags of words that name a thing: nouns and English words. Places (ns) and names are checked elsewhere. */
const NAMING = /^(n|nz|nt|eng|nrt)$/;
/** "研发投入占营业收入的比重": both sides of a ratio are what is asked. */
const RATIO = /([\p{Script=Han}A-Za-z0-9]{2,10}?)占([\p{Script=Han}A-Za-z0-9]{2,12}?)的?(?:比重|比例|份额|百分比)/u;
/** Technology generations and formats named by a number ("6G试验基站", "10G-PON", "8K"): 5G is not 6G. */
const TECHNOLOGY = /(?<![\d.A-Za-z])\d+\s*[GKgk](?![A-Za-z])(?:-[A-Za-z]+)?/g;
/** Acronyms and codes ("GEO", ".COM", "PUE"): as specific as anything a question can name. */
const IDENTIFIER = /(?<![A-Za-z])\.?[A-Za-z][A-Za-z0-9-]{1,15}(?![A-Za-z])/g;

/** The words naming what one clause asks about, and how many of them the evidence may lack. */
export interface AttributeGroup {
  terms: string[];
  /** Words the evidence must name, whatever else it lacks (both sides of a ratio, codes). */
  required: string[];
}

/**
 * What a value question asks about, one group per clause that asks: the nouns right before the
 * value word ("产业总体产值是多少" → 总体、产值) and the head noun after it ("多少个…的场馆" → 场馆),
 * both sides of a ratio, and any code the clause names. The evidence must speak of them.
 */
export function askedAttribute(question: string): AttributeGroup[] {
  const clauses = question
    .replace(/《[^》]*》/g, ' ')
    .split(/[，,；;。？?！!]/)
    .filter((c) => VALUE_WORD.test(c));
  const groups: AttributeGroup[] = [];
  for (const clause of clauses) {
    const m = VALUE_WORD.exec(clause)!;
    const before = nouns(clause.slice(0, m.index)).slice(-2);
    const rest = clause.slice(m.index + m[0].length);
    // "多少个对公众开放的场馆": the head noun comes after the last 的.
    const head = rest.includes('的') ? rest.slice(rest.lastIndexOf('的') + 1) : rest;
    const after = nouns(head).slice(0, 1);
    const ratio = RATIO.exec(clause);
    const required = [
      ...(ratio ? ratioSides(ratio[1]!, ratio[2]!) : []),
      ...[...clause.matchAll(IDENTIFIER)].map((x) => x[0].replace(/^\./, '').toLowerCase()).filter((x) => !/^\d/.test(x)),
      ...[...clause.matchAll(TECHNOLOGY)].map((x) => x[0].replace(/\s+/g, '').toLowerCase()),
    ].filter((t) => t.length >= 2);
    const terms = [...new Set([...before, ...after, ...required])];
    if (terms.length) groups.push({ terms, required: [...new Set(required)] });
  }
  return groups;
}

/**
 * The two sides of "A占B的比重": A is the noun phrase right before 占 ("卖出去的手机里5G手机" → 5G手机);
 * B is a side only when it names something ("占多大比例" asks for the share and has no B).
 */
function ratioSides(part: string, whole: string): string[] {
  const sides = [
    part.slice(Math.max(part.lastIndexOf('的'), part.lastIndexOf('里'), part.lastIndexOf('中')) + 1).replace(/^(全国|我国|企业)+/, ''),
  ];
  if (!VALUE_WORD.test(whole)) sides.push(whole);
  return sides;
}

function nouns(text: string): string[] {
  return tagWords(text)
    .filter(
      (w) => NAMING.test(w.tag) && w.word.length >= 2 && !lexicon().genericNouns.has(w.word) && !isStopWord(w.word) && !/^\d/.test(w.word),
    )
    .map((w) => w.word);
}
