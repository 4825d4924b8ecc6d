import wrapAnsi from 'wrap-ansi';
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

/** Wraps long lines to the terminal's width, Chinese characters counted as two columns. */
export function wrap(style: TerminalStyle, text: string): string {
  if (!style.width) return text;
  return wrapAnsi(text, style.width, { hard: true, trim: false });
}

/** Pads to a display width (CJK characters are two columns wide). */
export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export { stringWidth };
