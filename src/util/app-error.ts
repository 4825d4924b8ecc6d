/**
 * The base of every error this program raises on purpose. Its message says what failed in one line
 * fit for a log or a command's stderr (never a secret); `cause` (ES2022) keeps the lower-level
 * error that led to it, for the log. Commands print an AppError as that one line and anything else
 * with its stack (src/cli/common.ts).
 */
export class AppError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
