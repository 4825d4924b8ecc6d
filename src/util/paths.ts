import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The project root, found from this file's place in src/util. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function dataPath(file: string): string {
  return path.join(PROJECT_ROOT, 'data', file);
}

export function promptPath(file: string): string {
  return path.join(PROJECT_ROOT, 'prompts', file);
}
