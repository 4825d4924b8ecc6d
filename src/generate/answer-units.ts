/**
 * A model's answer cut into the units it is checked by: sentences, each with the [n] markers that
 * follow its end ("…318家。[1]" cites [1] as much as "…318家[1]。"), and line breaks kept apart so
 * that the answer's lines and lists keep their shape.
 */
export interface Unit {
  /** The sentence with its markers; empty for a line break. */
  text: string;
  /** The line break(s) after it. */
  newline: string;
}

const END = /[。！？!?；;]/;
const CLOSERS = /[”’」』）)]/;
/** A whole citation marker, [1] [1, 2] 【2】, at the start of a text (after white space). */
const MARKER_AHEAD = /^[ \t]*[[【]\s*\d{1,2}(?:\s*[,，、]\s*\d{1,2})*\s*[\]】]/;
/** What may still become a marker: "[", "[1", "【1，". */
const PARTIAL_MARKER = /^[ \t]*(?:[[【]\s*(?:\d{1,2}(?:\s*[,，、]\s*\d{0,2})*)?\s*)?$/;

/** Splits text into units that add up to it; the last one may be unfinished (see `lastStarted`). */
export function splitUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      let end = i;
      while (end < text.length && text[end] === '\n') end++;
      units.push({ text: text.slice(start, i), newline: text.slice(i, end) });
      start = i = end;
      continue;
    }
    // An English full stop, after a word, a figure or a marker ("… 300 yuan [1]. Next …").
    const englishStop =
      ch === '.' &&
      /[a-z)\]】%\d]/i.test(text[i - 1] ?? '') &&
      (text[i + 1] === ' ' || /\p{Script=Han}/u.test(text[i + 1] ?? '')) &&
      // A list item's number ("1. …") is not a sentence.
      !/^\s*\d{1,2}$/.test(text.slice(start, i));
    if (!END.test(ch) && !englishStop) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && CLOSERS.test(text[end]!)) end++;
    for (let m = MARKER_AHEAD.exec(text.slice(end)); m; m = MARKER_AHEAD.exec(text.slice(end))) end += m[0].length;
    units.push({ text: text.slice(start, end), newline: '' });
    start = i = end;
  }
  if (start < text.length) units.push({ text: text.slice(start), newline: '' });
  return units;
}

/**
 * Whether the units before the last are final while text is still arriving: the last unit has
 * begun with something that cannot be a marker of the one before it.
 */
export function lastStarted(rest: string): boolean {
  return rest.trim() !== '' && !PARTIAL_MARKER.test(rest) && !MARKER_AHEAD.test(rest);
}
