import { readdir } from 'node:fs/promises';
import type { BulletinSummary } from '../domain/corpus.js';

/** A file named from its cover by an upload: 2031-010-302.md (year, 第N期, 总第M期), in any bulletin format. */
const COVER_NAME = /^\d{4}-\d{3}-(\d+)\.(?:pdf|txt|md|markdown)$/i;

/** The 总期 a cover-named file holds, or null for another name. */
export function totalInName(name: string): number | null {
  const m = COVER_NAME.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * The files in BULLETINS_DIR (names relative to it) that hold an issue: the one the index serves
 * for it, and any file named from that cover in another format (2031-010-302.txt beside
 * 2031-010-302.md: stored, perhaps not indexed yet). One issue is kept as one file.
 */
export async function filesHolding(total: number, bulletinsDir: string, served: readonly BulletinSummary[]): Promise<string[]> {
  const names = await readdir(bulletinsDir).catch(() => [] as string[]);
  const holders = new Set<string>(served.filter((b) => b.cover.total === total).map((b) => b.file));
  for (const name of names) if (totalInName(name) === total) holders.add(name);
  return [...holders].sort();
}
