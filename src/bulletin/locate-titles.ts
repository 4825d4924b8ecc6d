import { BulletinParseError } from './parse-error.js';
import type { TocEntry } from '../domain/bulletin.js';
import { bigramDice, titleKey } from './normalize.js';

export interface TitleMatch {
  /** First line of the printed title. */
  line: number;
  /** Number of lines the printed title spans (1 or 2). */
  span: number;
  score: number;
}

/** Below this similarity a line is not taken for a printed title. */
const MIN_SIMILARITY = 0.45;

/**
 * Finds the line where each article's title is printed in the body. Printed titles differ from the
 * TOC in spacing, punctuation and line breaks, and a section heading can resemble a title
 * ("推动加快构建网络空间命运共同体" before "携手构建网络空间命运共同体"), so every similar line is a
 * candidate and the titles are chosen together: in TOC order, with the highest total similarity.
 */
export function locateTitles(file: string, lines: string[], from: number, toc: TocEntry[]): TitleMatch[] {
  const keys = lines.map((l) => titleKey(l));
  const candidates = toc.map((entry) => {
    const target = titleKey(entry.title);
    const found: TitleMatch[] = [];
    for (let i = from; i < lines.length; i++) {
      const m = scoreAt(keys, target, i);
      if (m && m.score >= MIN_SIMILARITY) found.push(m);
    }
    if (found.length === 0) throw missing(file, entry);
    return found;
  });

  // best[k][c]: highest total similarity of entries 0..k with entry k at candidate c.
  const best: number[][] = [];
  const back: number[][] = [];
  candidates.forEach((cands, k) => {
    best[k] = [];
    back[k] = [];
    cands.forEach((c, ci) => {
      if (k === 0) {
        best[k]![ci] = c.score;
        back[k]![ci] = -1;
        return;
      }
      let top = -Infinity;
      let arg = -1;
      candidates[k - 1]!.forEach((p, pi) => {
        const total = best[k - 1]![pi]!;
        if (p.line + p.span <= c.line && total > top) {
          top = total;
          arg = pi;
        }
      });
      best[k]![ci] = arg < 0 ? -Infinity : top + c.score;
      back[k]![ci] = arg;
    });
  });

  const last = toc.length - 1;
  let ci = argmax(best[last]!);
  if (ci < 0 || best[last]![ci] === -Infinity) {
    const k = firstUnplaceable(best);
    throw new BulletinParseError(file, `articles are not in table-of-contents order around "${toc[k]!.title}" (page ${toc[k]!.page})`);
  }
  const chosen: TitleMatch[] = [];
  for (let k = last; k >= 0; k--) {
    chosen[k] = candidates[k]![ci]!;
    ci = back[k]![ci]!;
  }
  return chosen;
}

function missing(file: string, entry: TocEntry): BulletinParseError {
  return new BulletinParseError(file, `table of contents entry "${entry.title}" (page ${entry.page}) has no article in the body`);
}

function argmax(xs: number[]): number {
  let arg = -1;
  xs.forEach((x, i) => {
    if (arg < 0 || x > xs[arg]!) arg = i;
  });
  return arg;
}

function firstUnplaceable(best: number[][]): number {
  const k = best.findIndex((row) => row.every((x) => x === -Infinity));
  return k < 0 ? best.length - 1 : k;
}

function scoreAt(keys: string[], target: string, i: number): TitleMatch | null {
  const one = keys[i]!;
  if (!one || one.length > target.length * 1.6 + 6) return null;
  let best: TitleMatch = { line: i, span: 1, score: bigramDice(one, target) };
  const next = nextKey(keys, i);
  if (next && best.score < 1 && one.length < target.length) {
    const joined = one + next.key;
    if (joined.length <= target.length * 1.6 + 6) {
      const score = bigramDice(joined, target);
      if (score > best.score) best = { line: i, span: next.index - i + 1, score };
    }
  }
  return best;
}

function nextKey(keys: string[], i: number): { key: string; index: number } | null {
  for (let j = i + 1; j < Math.min(keys.length, i + 3); j++) if (keys[j]) return { key: keys[j]!, index: j };
  return null;
}
