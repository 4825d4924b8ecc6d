import { AppError } from './app-error.js';

/** A file past the size limit: the download stopped there (or never started, when the platform said its size). */
export class FileTooLargeError extends AppError {
  override readonly name = 'FileTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`file larger than ${Math.round(limitBytes / 1048576)} MB`);
  }
}
