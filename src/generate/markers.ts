/** Citation markers in a model's answer: [1], [1][3], [1, 2], 【2】. */
const MARKER = /[[【]\s*(\d{1,2}(?:\s*[,，、]\s*\d{1,2})*)\s*[\]】]/g;

export interface ResolvedMarkers {
  /** The text with every marker written as [n] and markers that point at no excerpt removed. */
  text: string;
  /** Excerpt numbers (1-based) in order of first use. */
  used: number[];
  /** Marker numbers that pointed at no excerpt. */
  dropped: number[];
}

export function resolveMarkers(text: string, excerptCount: number): ResolvedMarkers {
  const used: number[] = [];
  const dropped: number[] = [];
  const out = text.replace(MARKER, (_all, list: string) => {
    const numbers = list.split(/\s*[,，、]\s*/).map(Number);
    const valid = numbers.filter((n) => n >= 1 && n <= excerptCount);
    for (const n of numbers) if (!valid.includes(n)) dropped.push(n);
    for (const n of valid) if (!used.includes(n)) used.push(n);
    return valid.map((n) => `[${n}]`).join('');
  });
  return { text: out.replace(/[ \t]+([。，；！？.,;!?])/g, '$1').trim(), used, dropped };
}

/**
 * Figures in the answer that none of the cited excerpts contains: a model that invents "85%" is
 * caught here (logged; the answer keeps its citations for the reader to check).
 */
export function unsupportedNumbers(answer: string, citedTexts: string[]): string[] {
  const compact = (s: string) => s.replace(/[\s,，]/g, '');
  const haystack = compact(citedTexts.join('\n'));
  const withoutMarkers = answer.replace(MARKER, ' ');
  const numbers = withoutMarkers.match(/\d+(?:[.,]\d+)*/g) ?? [];
  return [...new Set(numbers.map(compact))].filter((n) => !haystack.includes(n));
}

/** A model's "the excerpts do not answer this" (it then cites nothing). */
export function saysNotFound(text: string): boolean {
  return /没有找到|未找到|未能找到|找不到|无法回答|没有相关|未提及|没有提及|do(es)? not answer|no (relevant )?information|not (found|mentioned)/i.test(
    text,
  );
}
