import { readFileSync } from 'node:fs';
import { KNOWN_CATEGORIES } from '../domain/bulletin.js';
import type { Language } from '../domain/language.js';
import { foldWidth } from '../bulletin/normalize.js';
import { dataPath } from '../util/paths.js';
import { tokenize } from './tokenize.js';
import { readEntries } from '../knowledge/lexicon.js';

export interface SearchFilters {
  year?: number;
  number?: number;
  total?: number;
  category?: string;
}

export interface AnalyzedQuery {
  text: string;
  language: Language;
  /** Tokens for keyword search (for English, the Chinese terms the glossary maps it to, plus numbers). */
  tokens: string[];
  filters: SearchFilters;
}

/** A question is English when it has Latin words and almost no Han characters. */
export function detectLanguage(text: string): Language {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]+/g) ?? []).length;
  return latin >= 3 && han <= latin ? 'en' : 'zh';
}

const MAX_ISSUES_A_YEAR = 53;

/**
 * Explicit references to an issue narrow the search: "第42期", "总第153期", "2023年第36期", and
 * a column name ("地方新政"). A bare year is not a filter: "2023年" in a question is usually about
 * the content ("2023年通信业统计公报"), not the issue.
 */
export function extractFilters(text: string): SearchFilters {
  const t = foldWidth(text);
  const filters: SearchFilters = {};
  const total = /总\s*第\s*(\d{1,5})\s*期/.exec(t);
  if (total) filters.total = Number(total[1]);
  const issue = /(?:(\d{4})\s*年\s*)?(?<!总)第\s*(\d{1,3})\s*期/.exec(t.replace(/总\s*第\s*\d+\s*期/g, ''));
  if (issue) {
    const n = Number(issue[2]);
    // A weekly has at most 53 issues a year: "第147期" without a year is the running number (总第147期).
    if (!issue[1] && n > MAX_ISSUES_A_YEAR && filters.total === undefined) filters.total = n;
    else if (n <= MAX_ISSUES_A_YEAR || issue[1]) {
      filters.number = n;
      if (issue[1]) filters.year = Number(issue[1]);
    }
  }
  const en = /\bissue\s+(?:no\.?\s*)?(\d{1,3})\b/i.exec(t);
  if (en && filters.number === undefined) filters.number = Number(en[1]);
  const category = KNOWN_CATEGORIES.find((c) => t.includes(c));
  if (category) filters.category = category;
  return filters;
}

let glossary: Map<string, string[]> | null = null;
let stopwords: Set<string> | null = null;

/** English words that name nothing (data/lexicon/english-stopwords.txt). */
function englishStopwords(): Set<string> {
  stopwords ??= new Set(readEntries('english-stopwords.txt'));
  return stopwords;
}
let longestPhrase = 1;

function loadGlossary(): Map<string, string[]> {
  if (glossary) return glossary;
  glossary = new Map();
  for (const line of readFileSync(dataPath('glossary-en-zh.tsv'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [english, chinese] = line.split('\t');
    if (!english || !chinese) continue;
    // Keys are read as questions are: "r&d" is one word, as in a question.
    const key = english
      .trim()
      .toLowerCase()
      .replace(/([a-z])&([a-z])/g, '$1$2');
    glossary.set(key, chinese.trim().split(/\s+/));
    longestPhrase = Math.max(longestPhrase, key.split(/\s+/).length);
  }
  return glossary;
}

/** Maps an English question onto the Chinese terms of the glossary (longest phrase first) and keeps its numbers. */
export function englishToChineseTerms(text: string): string[] {
  return englishToChineseGroups(text).flat();
}

/**
 * The same, one group per English phrase: the Chinese terms a phrase maps to are alternatives
 * ("share" → 占比 or 比重 or 份额), not words a passage must all hold. With `unmapped`, the words the
 * glossary does not know (and that are not function words) are kept as they are ("iphone",
 * "europe"): what the question is about even when the bulletins never say it.
 */
export function englishToChineseGroups(text: string, options: { unmapped?: boolean } = {}): string[][] {
  const terms = loadGlossary();
  const words = foldWidth(text)
    .toLowerCase()
    .replace(/[–—]/g, '-')
    // "Guiyang's" is Guiyang; "R&D" is one word.
    .replace(/['’]s\b/g, '')
    .replace(/([a-z])&([a-z])/g, '$1$2')
    .split(/[^a-z0-9'.%-]+/)
    .map((w) => w.replace(/^[.'-]+|[.'-]+$/g, ''))
    .filter(Boolean);
  const out: string[][] = [];
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(longestPhrase, words.length - i); n > 0 && !matched; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const hit = terms.get(phrase) ?? (n === 1 ? terms.get(phrase.replace(/s$/, '')) : undefined);
      if (hit) {
        out.push(hit);
        matched = n;
      }
    }
    if (!matched && /\d/.test(words[i]!)) out.push([words[i]!]);
    else if (!matched && options.unmapped && words[i]!.length >= 3 && !englishStopwords().has(words[i]!)) out.push([words[i]!]);
    i += matched || 1;
  }
  // Acronyms and domain names ("PUE", "GEO", ".COM", "CAICT") stand in Chinese text as written.
  // A plural ("SMEs") is its acronym's plural, not the acronym "SM".
  for (const m of foldWidth(text).matchAll(/(?<![A-Za-z])\.?([A-Z][A-Z0-9]{1,9})s?(?![A-Za-z])/g)) {
    const word = m[1]!.toLowerCase();
    if (!terms.has(word) && !terms.has(`${word}s`) && !out.some((g) => g.includes(word))) out.push([word]);
  }
  return out;
}

export function analyzeQuery(text: string): AnalyzedQuery {
  const language = detectLanguage(text);
  const source = language === 'en' ? englishToChineseTerms(text).join(' ') : text;
  return { text, language, tokens: tokenize(source), filters: extractFilters(text) };
}
