import stringWidth from 'string-width';

/** How the REPL writes to its terminal: colours only on a TTY and without NO_COLOR; a width to wrap at. */
export interface TerminalStyle {
  colour: boolean;
  /** Columns to wrap at; 0 = do not wrap (a pipe). */
  width: number;
}

export const PLAIN: TerminalStyle = { colour: false, width: 0 };

export function terminalStyle(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): TerminalStyle {
  const tty = Boolean(stream.isTTY);
  return { colour: tty && !env.NO_COLOR && env.TERM !== 'dumb', width: tty ? Math.max(40, stream.columns ?? 80) : 0 };
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Colour = keyof typeof CODES;

export function paint(style: TerminalStyle, colour: Colour, text: string): string {
  if (!style.colour) return text;
  const [on, off] = CODES[colour];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

/**
 * What a line may not be broken inside: a colour code, a number with its point, commas and sign
 * ("1.85万", "10.51", "PUE1.25"), a Latin word. Everything else (a Chinese character, a mark) is a
 * piece of its own.
 */
const PIECES = /\u001b\[[0-9;]*m|[A-Za-z0-9][A-Za-z0-9.,:%+\-/]*|[\s\S]/gu;

/**
 * Wraps long lines to the terminal's width, Chinese characters counted as two columns, never inside
 * a number or a Latin word. Our own rather than wrap-ansi: that one breaks lines at spaces, so a
 * line of Chinese is one word to it, cut wherever the width runs out (inside "1500万元" too).
 */
export function wrap(style: TerminalStyle, text: string): string {
  if (!style.width) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, style.width))
    .join('\n');
}

const CLOSING = /^[，。；：、）」』”’！？,.;:!?)]$/;

function wrapLine(line: string, width: number): string {
  const out: string[] = [];
  let current = '';
  let used = 0;
  for (const piece of line.match(PIECES) ?? []) {
    const w = piece.startsWith('\u001b') ? 0 : stringWidth(piece);
    // Closing punctuation stays at the end of its line, one column past the width if need be.
    if (used + w > width && used > 0 && !CLOSING.test(piece)) {
      out.push(current);
      current = '';
      used = 0;
    }
    // A piece wider than a whole line (a long URL) is cut where it must be.
    if (w > width) {
      for (const ch of piece) {
        const cw = stringWidth(ch);
        if (used + cw > width && used > 0) {
          out.push(current);
          current = '';
          used = 0;
        }
        current += ch;
        used += cw;
      }
      continue;
    }
    current += piece;
    used += w;
  }
  out.push(current);
  return out.join('\n');
}

/** Pads to a display width (CJK characters are two columns wide). */
export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export { stringWidth };
