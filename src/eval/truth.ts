import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BulletinSummary } from '../domain/corpus.js';
import { readJsonFileSync } from '../util/json-file.js';
import { issuesTruthSchema, type IssueTruth } from './score.js';

/**
 * The ground truth a question set is scored against: the issues.json given, the one beside the
 * set, or else the indexed bulletins' own covers and tables of contents (keyed by file name, as a
 * set's "seed"), so that a set of saved cases runs without one.
 */
export function truthFor(
  setFile: string,
  issuesFile: string | undefined,
  bulletins: BulletinSummary[],
): { truth: Record<string, IssueTruth>; from: string | null } {
  const beside = path.join(path.dirname(setFile), 'issues.json');
  const file = issuesFile ?? (existsSync(beside) ? beside : undefined);
  if (file) return { truth: readJsonFileSync(file, issuesTruthSchema), from: file };
  return { truth: truthFromCorpus(bulletins), from: null };
}

export function truthFromCorpus(bulletins: BulletinSummary[]): Record<string, IssueTruth> {
  return Object.fromEntries(
    bulletins.map((b) => [
      b.file,
      {
        date: b.cover.date,
        year: b.cover.year,
        number: b.cover.number,
        total: b.cover.total,
        toc: b.toc.map((e) => ({ page: e.page, title: e.title, end: e.endPage })),
      },
    ]),
  );
}
