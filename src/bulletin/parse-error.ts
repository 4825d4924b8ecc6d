import { AppError } from '../util/app-error.js';

/** A bulletin file that cannot be parsed; the message names the file and what is missing. */
export class BulletinParseError extends AppError {
  override readonly name = 'BulletinParseError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
