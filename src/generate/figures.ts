/**
 * Figures in text, compared the way a reader would: a number with what it counts (its magnitude
 * 万/亿 and the first character of its unit: 元, 家, %, E of EFLOPS), a percentage, each part of a
 * date (2031年, 3月, 7日). "500万元" is supported by an excerpt that says "500万元", not by one that
 * says "500家" or "5000万元". Digits are compared as values (03 = 3, 18,640 = 18640), full-width
 * forms folded; numbers written in Chinese characters are not figures here.
 */
export interface Figure {
  /** As written in the text (for the log and /why). */
  text: string;
  value: string;
  /** 万, 亿, 千, 百, or empty. */
  magnitude: string;
  /** The first character of the unit, or empty for a bare number. */
  unit: string;
}

const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?/g;
const MAGNITUDE = /^[万亿千百]+/;
const UNIT = /^[\p{Script=Han}A-Za-z%‰]/u;
/** A list item's number at the start of a line ("1." "2、" "（3）"): numbering, not a figure. */
const LIST_NUMBER = /^\s*(?:[（(]\d{1,2}[)）]|\d{1,2}[.、)）](?!\d))\s*/;

export function figuresIn(text: string): Figure[] {
  const folded = text.normalize('NFKC').replace(LIST_NUMBER, (m) => ' '.repeat(m.length));
  const out: Figure[] = [];
  for (const m of folded.matchAll(NUMBER)) {
    const end = m.index + m[0].length;
    const after = folded.slice(end).replace(/^[ \t]+/, '');
    const magnitude = MAGNITUDE.exec(after)?.[0] ?? '';
    const unit = UNIT.exec(after.slice(magnitude.length))?.[0] ?? '';
    // Said in full in the log and /why ("1.864 trillion", not "1.864t").
    const word = /^[A-Za-z]/.test(unit) ? (/^[A-Za-z]+/.exec(after.slice(magnitude.length))?.[0] ?? unit) : unit;
    out.push({
      text: `${m[0]}${magnitude}${word === unit ? '' : ' '}${word}`,
      value: valueOf(m[0]),
      magnitude,
      unit: unit.toLowerCase(),
    });
  }
  return out;
}

/** Whether a figure of a model's sentence occurs among the figures of the excerpts it cites. */
export function supported(figure: Figure, excerptFigures: readonly Figure[]): boolean {
  return excerptFigures.some(
    (e) =>
      e.value === figure.value &&
      (figure.magnitude === '' && figure.unit === '' ? true : e.magnitude === figure.magnitude && sameUnit(figure.unit, e.unit)),
  );
}

const LATIN = /^[a-z]$/;

/**
 * The same unit, as far as one can tell: an English answer's "318 companies" cannot be compared
 * with the excerpt's 318家 letter by letter, so a unit in Latin letters against one in Chinese
 * counts as the same (the value and its magnitude still must match); % against 家 does not.
 */
function sameUnit(mine: string, theirs: string): boolean {
  if (mine === '' || mine === theirs) return true;
  return LATIN.test(mine) && theirs !== '' && !LATIN.test(theirs) && theirs !== '%' && theirs !== '‰';
}

function valueOf(digits: string): string {
  const plain = digits.replace(/,/g, '');
  const [whole, fraction] = plain.split('.');
  const w = whole!.replace(/^0+(?=\d)/, '');
  const f = fraction?.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}
