/** Sentence splitting for Chinese policy prose (and the odd English sentence). */

const END = /[。！？!?；;]/;
const CLOSERS = /[”’」』）)\]】]/;

/** Splits text into sentences; closing quotes and brackets stay with the sentence they close. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    // An English full stop: before a space, or before Chinese that follows it directly (white space
    // between the two scripts is dropped by normalisation: "…system prompt.对于…" is two sentences).
    const englishStop =
      ch === '.' && /[a-z)]/i.test(text[i - 1] ?? '') && (text[i + 1] === ' ' || /\p{Script=Han}/u.test(text[i + 1] ?? ''));
    if (!END.test(ch) && !englishStop) continue;
    let end = i + 1;
    while (end < text.length && CLOSERS.test(text[end]!)) end++;
    out.push(text.slice(start, end).trim());
    start = end;
    i = end - 1;
  }
  if (start < text.length) out.push(text.slice(start).trim());
  return out.filter(Boolean);
}

/** Cuts an over-long sentence at clause boundaries (，、：) so that each piece fits `max` characters. */
export function splitLongSentence(sentence: string, max: number): string[] {
  if (sentence.length <= max) return [sentence];
  const clauses = sentence.split(/(?<=[，,、：:])/);
  const pieces: string[] = [];
  let current = '';
  for (const clause of clauses) {
    if (current && current.length + clause.length > max) {
      pieces.push(current);
      current = '';
    }
    current += clause;
    while (current.length > max) {
      pieces.push(current.slice(0, max));
      current = current.slice(max);
    }
  }
  if (current) pieces.push(current);
  return pieces;
}
