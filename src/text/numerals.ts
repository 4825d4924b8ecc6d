import cn from 'nzh/cn';

/** A run of Chinese numerals: digits, and the units that make numbers of them. */
const RUN = /[〇零一二两三四五六七八九十百千万亿]+/g;
const DIGITS = /^[〇零一二两三四五六七八九]+$/;
const DIGIT_VALUE: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/**
 * Chinese numerals written as Arabic ones, for comparing texts that write numbers either way
 * ("有效期三年" and "有效期3年", "二〇二五年" and "2025年", "十二个" and "12个"). Only for matching:
 * both sides are folded the same way, idioms included ("一批" becomes "1批" on both), and the text
 * shown to a reader is never folded. A run of digit characters is read digit by digit (a year);
 * a run with units is read as a number (nzh), a trailing 万 or 亿 kept as written; a unit alone (万, 亿
 * after Arabic digits) is kept.
 */
export function foldNumerals(text: string): string {
  return text.replace(RUN, (run) => {
    if (!/[〇零一二两三四五六七八九十]/.test(run)) return run;
    if (DIGITS.test(run)) return run.length === 1 ? DIGIT_VALUE[run]! : [...run].map((c) => DIGIT_VALUE[c]).join('');
    // "一千五百万" is written "1500万" in figures: a trailing 万 or 亿 stays a magnitude.
    const magnitude = /[万亿]$/.test(run) && run.length > 1 ? run.at(-1)! : '';
    const number = magnitude ? run.slice(0, -1) : run;
    // nzh's typings say decodeS returns a string; it returns a number (0 for what is not a numeral).
    const value: unknown = cn.decodeS(number.replace(/两/g, '二'));
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? `${value}${magnitude}` : run;
  });
}
