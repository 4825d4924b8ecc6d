import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { foldWidth } from '../bulletin/normalize.js';
import { dataPath } from '../util/paths.js';

/** Bumped whenever tokenization changes, so that an index built with the old one is rebuilt. */
export const TOKENIZER_VERSION = 'jieba-search-2';

let jieba: Jieba | null = null;
let stopWords: Set<string> | null = null;

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    const words = readFileSync(dataPath('user-dict.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .join('\n');
    jieba.loadDict(Buffer.from(words, 'utf8'));
  }
  return jieba;
}

export function loadWordList(file: string): Set<string> {
  return new Set(
    readFileSync(dataPath(file), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

export function isStopWord(token: string): boolean {
  stopWords ??= loadWordList('stopwords.txt');
  return stopWords.has(token);
}

const MEANINGLESS = /^[\s\p{P}\p{S}]+$/u;

/**
 * Search tokens: jieba's search mode (words and their sub-words), width-folded and lower-cased,
 * without punctuation and stop-words. Numbers stay: "100万人" and "2025年" are what users ask about.
 */
export function tokenize(text: string): string[] {
  const folded = foldWidth(text).toLowerCase();
  const out: string[] = [];
  for (const raw of segmenter().cutForSearch(folded, true)) {
    const token = raw.trim();
    if (!token || MEANINGLESS.test(token) || isStopWord(token)) continue;
    out.push(token);
  }
  return out;
}

/** Words with their part of speech (jieba's tags: n noun, v verb, m numeral, ns place, …). */
export function tagWords(text: string): Array<{ word: string; tag: string }> {
  return segmenter().tag(foldWidth(text).toLowerCase(), true);
}
