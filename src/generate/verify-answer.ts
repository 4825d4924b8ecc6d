import { looksLikeInstruction } from '../text/instruction.js';
import { lastStarted, splitUnits, type Unit } from './answer-units.js';
import { figuresIn, supported, type Figure } from './figures.js';
import { cutLinks } from './links.js';

/** An excerpt as the model was shown it, under its marker: everything between its <excerpt> tags. */
export interface ShownExcerpt {
  marker: number;
  text: string;
}

/** A sentence (or a link in one) taken out of a model's answer, and why. */
export interface RemovedPart {
  text: string;
  reason: string;
}

export interface VerifiedAnswer {
  /** The sentences that passed, with their [n] markers, in the model's order and lines. */
  text: string;
  /** Excerpt markers the kept text cites, in order of first use. */
  used: number[];
  removed: RemovedPart[];
}

/** A sentence with fewer letters than this once its links are cut ("详见。", "联系邮箱。") says nothing: it goes whole. */
const MIN_WORDS_LEFT = 8;

function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}

/** Citation markers: [1], [1][3], [1, 2], 【2】. */
const MARKER = /[[【]\s*(\d{1,2}(?:\s*[,，、]\s*\d{1,2})*)\s*[\]】]/g;

/**
 * Checks a model's answer sentence by sentence against the excerpts it was shown. A sentence is
 * kept only when it cites at least one excerpt that exists, every figure in it (a number with its
 * unit, a percentage, a part of a date) occurs in an excerpt it cites, and it does not read as an
 * instruction to a model; markers that point at no excerpt are dropped, and links or addresses
 * that no cited excerpt contains are cut out. Text is pushed as it streams in; each sentence is
 * judged once it is complete (its markers included), and `push` returns the text that passed, to
 * be shown at once. What the reader sees is only ever text that passed.
 */
export class AnswerCheck {
  private buffer = '';
  private shown = '';
  private lineHasText = false;
  private readonly used: number[] = [];
  private readonly removed: RemovedPart[] = [];
  private readonly byMarker: Map<number, { text: string; figures: Figure[] }>;

  constructor(excerpts: readonly ShownExcerpt[]) {
    this.byMarker = new Map(excerpts.map((e) => [e.marker, { text: e.text, figures: figuresIn(e.text) }]));
  }

  /** Takes more of the answer; returns the text that passed since the last call (possibly empty). */
  push(delta: string): string {
    this.buffer += delta;
    const units = splitUnits(this.buffer);
    const last = units.at(-1);
    if (!last) return '';
    const final = last.newline ? units.length : lastStarted(last.text) ? units.length - 1 : units.length - 2;
    return this.take(units.slice(0, Math.max(0, final)));
  }

  /** The answer is complete: judges what is left and returns the whole result. */
  end(): VerifiedAnswer & { tail: string } {
    const tail = this.take(splitUnits(this.buffer));
    return { text: this.shown.trim(), used: [...this.used], removed: [...this.removed], tail };
  }

  private take(units: Unit[]): string {
    let out = '';
    for (const unit of units) {
      this.buffer = this.buffer.slice(unit.text.length + unit.newline.length);
      const kept = unit.text.trim() ? this.judge(unit.text) : null;
      if (kept) {
        out += this.lineHasText || !this.shown ? kept : kept.trimStart();
        this.lineHasText = true;
      }
      if (unit.newline && this.lineHasText) {
        out += unit.newline;
        this.lineHasText = false;
      }
    }
    this.shown += out;
    return out;
  }

  /** The sentence as it may be shown, or null when it is removed (recorded with the reason). */
  private judge(sentence: string): string | null {
    const markers: number[] = [];
    const invalid: number[] = [];
    const text = sentence
      .replace(MARKER, (_all, list: string) => {
        const numbers = list.split(/\s*[,，、]\s*/).map(Number);
        const valid = numbers.filter((n) => this.byMarker.has(n));
        invalid.push(...numbers.filter((n) => !this.byMarker.has(n)));
        for (const n of valid) if (!markers.includes(n)) markers.push(n);
        return valid.map((n) => `[${n}]`).join('');
      })
      .replace(/[ \t]+([。，；！？.,;!?])/g, '$1');
    const words = sentence.replace(MARKER, '').trim();
    const remove = (reason: string) => {
      this.removed.push({ text: words, reason });
      return null;
    };
    if (looksLikeInstruction(words)) return remove('reads as an instruction to a model');
    if (!markers.length)
      return remove(invalid.length ? `cites ${invalid.map((n) => `[${n}]`).join('')}, which is no excerpt shown` : 'cites no excerpt');
    const cited = markers.map((n) => this.byMarker.get(n)!);
    const missing = figuresIn(words).filter(
      (f) =>
        !supported(
          f,
          cited.flatMap((c) => c.figures),
        ),
    );
    if (missing.length)
      return remove(`${missing.map((f) => f.text).join('、')} in no excerpt it cites (${markers.map((n) => `[${n}]`).join('')})`);
    const links = cutLinks(text, cited.map((c) => c.text).join('\n'));
    if (links.removed.length && wordCount(links.text.replace(MARKER, '')) < MIN_WORDS_LEFT)
      return remove(`its link or address (${links.removed.join(' ')}) is in no excerpt it cites, and little is left without it`);
    for (const link of links.removed) this.removed.push({ text: link, reason: `link or address in no excerpt it cites (${words})` });
    for (const n of invalid) this.removed.push({ text: `[${n}]`, reason: `marker of no excerpt shown, dropped from: ${words}` });
    for (const n of markers) if (!this.used.includes(n)) this.used.push(n);
    return links.text;
  }
}

/** The whole answer at once: the kept text, the excerpts it cites, and what was removed and why. */
export function verifyAnswer(marked: string, excerpts: readonly ShownExcerpt[]): VerifiedAnswer {
  const check = new AnswerCheck(excerpts);
  check.push(marked);
  const { text, used, removed } = check.end();
  return { text, used, removed };
}
