import type { Chunk } from '../domain/chunk.js';
import { tokenize } from './tokenize.js';

/** The title counts this many times: it names the article's subject for every chunk of it. */
export const TITLE_WEIGHT = 2;

/** What the keyword index sees of a chunk: its article title, section headings and text. */
export function keywordTokens(chunk: Chunk): string[] {
  const title = tokenize(chunk.title);
  const tokens: string[] = [];
  for (let i = 0; i < TITLE_WEIGHT; i++) tokens.push(...title);
  tokens.push(...tokenize(chunk.sectionPath.join(' ')), ...tokenize(chunk.text));
  return tokens;
}
