import { readFileSync } from 'node:fs';
import { dataPath } from '../util/paths.js';

/**
 * The answer core's vocabulary, read from data/lexicon/ once: the words that ask, compare,
 * count, name kinds of documents, masthead roles, units, plan periods and stop words. Every rule
 * that needs one of these lists reads it here, so a word is added in one place.
 */
export interface Lexicon {
  /** A clause that asks ("多少", "哪", "是否", "what"). */
  askingCue: RegExp;
  /** Kinds of document, longest first ("统计公报" before "公报"). */
  documentKinds: string[];
  /** Words of a list question that are not its topic. */
  listWords: Set<string>;
  /** Words that ask ("哪一期", "多少") or fill ("大概", "具体"): no evidence either way. */
  askingWords: Set<string>;
  /** A question that asks for a comparison ("哪个更高", "谁给得多", "比一比", "which is higher"). */
  asksComparison: RegExp;
  /** A comparing phrase that one subject's question asks as its own value ("哪个更快" → "是多少"). */
  comparativePhrase: RegExp;
  /** "更高", "最多": a degree and an adjective. */
  degreeAdjective: RegExp;
  /** "哪个", "谁的": a word that picks one of several, with its 的. */
  whichWord: RegExp;
  /** The masthead's roles in the order they are recognised, with the English name and the words asked by. */
  mastheadRoles: Array<{ role: string; en: string; asked: RegExp }>;
  /** Five-year plan periods: "十四五" → [2021, 2025]. */
  planPeriods: Map<string, [number, number]>;
  /** Nouns that name neither an attribute nor a topic ("文件", "目标", "情况"). */
  genericNouns: Set<string>;
  /** Verbs that say what a text speaks of ("提到", "写明"): what follows them is a list's topic. */
  mentionVerbs: RegExp;
}

let cached: Lexicon | null = null;

const alternatives = (words: string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

function comparatives(): Pick<Lexicon, 'asksComparison' | 'comparativePhrase' | 'degreeAdjective' | 'whichWord'> {
  const kinds = new Map(readTable('comparatives.tsv'));
  const of = (kind: string) => alternatives(kinds.get(kind) ?? []);
  const which = `(?:${of('which')})`;
  const degree = `(?:${of('degree')})`;
  const either = `(?:${of('degree')}|${of('superlative')})`;
  const adjective = `(?:${of('adjective')})`;
  return {
    asksComparison: new RegExp(
      `${which}[^，。？?]{0,8}?${adjective}|${degree}${adjective}|${of('verb')}|\\bcompare\\b|\\bwhich\\b.*\\b(?:${of('english')})\\b`,
      'iu',
    ),
    // "哪个高", "谁给得多": a which-word and its adjective with at most a verb between them.
    comparativePhrase: new RegExp(`${which}(?:的)?(?:[\\p{Script=Han}]{0,3}?)${either}?${adjective}(?![\\p{Script=Han}])`, 'gu'),
    degreeAdjective: new RegExp(`${either}${adjective}`, 'gu'),
    whichWord: new RegExp(`${which}(?:的)?`, 'gu'),
  };
}

export function lexicon(): Lexicon {
  cached ??= {
    ...comparatives(),
    mastheadRoles: readTable('masthead.tsv').map(([role, [en, asked]]) => ({ role, en: en!, asked: new RegExp(asked!, 'i') })),
    planPeriods: new Map(readTable('plan-periods.tsv').map(([name, [from, to]]) => [name, [Number(from), Number(to)]])),
    genericNouns: new Set(readEntries('generic-nouns.txt')),
    askingCue: new RegExp(readEntries('asking.txt').join('|'), 'iu'),
    documentKinds: readEntries('document-kinds.txt').sort((a, b) => b.length - a.length),
    listWords: new Set(readEntries('list-words.txt')),
    askingWords: new Set(readEntries('asking-words.txt')),
    mentionVerbs: new RegExp(readEntries('mention-verbs.txt').join('|')),
  };
  return cached;
}

/** The entries of a list file: one a line, '#' starts a comment line, blank lines skipped. */
export function readEntries(file: string): string[] {
  return readFileSync(dataPath(`lexicon/${file}`), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** The rows of a tab-separated file: the first column, then the rest. */
export function readTable(file: string): Array<[string, string[]]> {
  return readEntries(file).map((line) => {
    const [head, ...rest] = line.split('\t').map((c) => c.trim());
    return [head!, rest.filter(Boolean)];
  });
}
