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
  /** Verbs that say what a text speaks of ("提到", "写明"): what follows them is a list's topic. */
  mentionVerbs: RegExp;
}

let cached: Lexicon | null = null;

export function lexicon(): Lexicon {
  cached ??= {
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
