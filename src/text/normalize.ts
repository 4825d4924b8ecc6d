import { readFileSync } from 'node:fs';
import { dataPath } from '../util/paths.js';

/**
 * The one normalisation every text goes through before anything reads it: PDF text, .txt/.md
 * bulletins and questions.
 *
 * PDF fonts (Noto CJK printed from a browser, Word, WPS, many typesetters) map ideographs to
 * look-alike code points: ⼤ (U+2F24, KANGXI RADICAL BIG) for 大, ⽬ for 目, ⻓ (CJK RADICAL
 * C-SIMPLIFIED LONG) for 长, and CJK compatibility ideographs such as 﨑. They are folded to the
 * unified ideograph; zero-width characters and soft hyphens are removed.
 *
 * NFKC would fold the Kangxi radicals too, but it also turns full-width punctuation (，：（）) into
 * ASCII and 〇/①/㈠ into other forms, which the parser and the quotes rely on; it also leaves most
 * of the CJK Radicals Supplement alone (they have no decomposition). So the mapping is explicit:
 * Unicode's EquivalentUnifiedIdeograph.txt for radicals and strokes, canonical decomposition (a
 * singleton for every compatibility ideograph) for the compatibility blocks, nothing else.
 */
export function normalizeText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(LOOK_ALIKE, (ch) => SIMPLIFIED_FORMS[ch] ?? equivalents().get(ch) ?? ch.normalize('NFC'));
}

/**
 * Where a Simplified Chinese font draws the simplified character with the glyph it also uses for a
 * radical or a rare variant, its PDFs carry that code point, and the unified ideograph Unicode
 * names for the radical is the traditional form. Found by printing all 6763 GB2312 characters in
 * Noto Sans/Serif CJK SC (regular and bold) from Chromium and LibreOffice and reading them back:
 * 户 comes back as ⼾ (KANGXI RADICAL DOOR, whose equivalent is 戶), 彐 as ⺕, 胶 as 㬵 (U+3B35).
 */
const SIMPLIFIED_FORMS: Record<string, string> = { '\u2f3e': '\u6237', '\u2e95': '\u5f50', '\u3b35': '\u80f6' };

/** Zero-width space/joiners, word joiner, BOM as a zero-width no-break space, soft hyphen. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** CJK Radicals Supplement, Kangxi Radicals, CJK Strokes, 㬵, CJK Compatibility Ideographs (and Supplement). */
const LOOK_ALIKE = /[\u2e80-\u2eff\u2f00-\u2fdf\u31c0-\u31ef\u3b35\uf900-\ufaff]|\ud87e[\udc00-\ude1f]/g;
const NEEDS_WORK = /[\u00ad\u200b-\u200d\u2060\ufeff\u2e80-\u2eff\u2f00-\u2fdf\u31c0-\u31ef\u3b35\uf900-\ufaff\ud87e]/;

let table: Map<string, string> | null = null;

/** Radical or stroke → its unified ideograph, from data/equivalent-unified-ideograph.txt. */
function equivalents(): Map<string, string> {
  if (table) return table;
  table = new Map();
  for (const line of readFileSync(dataPath('equivalent-unified-ideograph.txt'), 'utf8').split('\n')) {
    const m = /^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*([0-9A-F]{4,6})/.exec(line);
    if (!m) continue;
    const to = String.fromCodePoint(parseInt(m[3]!, 16));
    const first = parseInt(m[1]!, 16);
    const last = m[2] ? parseInt(m[2], 16) : first;
    for (let c = first; c <= last; c++) table.set(String.fromCodePoint(c), to);
  }
  return table;
}
