/** Text normalisation shared by the parser, the title matcher and the tokenizer. */

/** For matching only: NFKC folds full-width letters, digits, brackets and punctuation into ASCII forms. */
export function foldWidth(text: string): string {
  return text.normalize('NFKC');
}

/** Strip Markdown decoration that the PDF converter leaves around a line. */
export function stripMarkdown(line: string): string {
  return line
    .replace(/^\s*#{1,6}\s*/, '')
    .replace(/^\s*[-*+]\s+/, '')
    .replace(/\*\*|__/g, '')
    .trim();
}

const DASHES = /[‐‑‒–—―−－]/g;

/**
 * A key for fuzzy title comparison: width-folded, no whitespace, no punctuation,
 * dashes unified. "商务部等 12 部门关于加快生活服务 数字化赋能的指导意见" and the
 * TOC's "商务部等12部门关于加快生活服务数字化赋能的指导意见" get the same key.
 */
export function titleKey(text: string): string {
  return foldWidth(stripMarkdown(text))
    .replace(DASHES, '-')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Collapse the spaces the PDF converter puts between CJK characters, keep them between Latin words. */
export function tidySpaces(text: string): string {
  return text
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/(?<=[\p{Script=Han}\p{P}]) (?=[\p{Script=Han}\p{P}\d])/gu, '')
    .replace(/(?<=[\p{Script=Han}\p{P}\d]) (?=[\p{Script=Han}\p{P}])/gu, '')
    .trim();
}

/** Dice coefficient over character bigrams of two keys, 0..1. */
/** Share of the character pairs of `a` (each occurrence) that occur anywhere in `b`; 0 when `a` has none. */
export function bigramContainment(a: string, b: string): number {
  const pairs = (t: string) => Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2));
  const mine = pairs(a);
  if (!mine.length) return 0;
  const theirs = new Set(pairs(b));
  return mine.filter((p) => theirs.has(p)).length / mine.length;
}

export function bigramDice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = counts.get(g);
    if (n) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1);
}

/**
 * For text that is shown: full-width letters, digits and spaces become ASCII, Chinese punctuation
 * (，。（）) stays as printed.
 */
export function foldAlphanumerics(text: string): string {
  return text
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}
