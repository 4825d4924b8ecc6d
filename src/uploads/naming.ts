import type { Cover } from '../domain/bulletin.js';

/** The file name of an issue in BULLETINS_DIR, from its cover: 2024-004-167.pdf (year, 第N期, 总第M期). */
export function issueFileName(cover: Pick<Cover, 'year' | 'number' | 'total'>, extension: string): string {
  return `${cover.year}-${String(cover.number).padStart(3, '0')}-${cover.total}${extension.toLowerCase()}`;
}
