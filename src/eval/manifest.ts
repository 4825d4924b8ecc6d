import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT, dataPath } from '../util/paths.js';
import { readJsonFileSync } from '../util/json-file.js';
import type { IssueTruth } from './score.js';

const manifestSchema = z.object({
  note: z.string().optional(),
  corpora: z.record(z.string(), z.object({ bulletins: z.array(z.string()).min(1), issues: z.array(z.string()).min(1) })),
  sets: z.array(z.object({ file: z.string(), corpus: z.string() })),
});

export interface Corpus {
  name: string;
  /** Folders of bulletins, absolute. */
  bulletins: string[];
  /** Ground-truth files (issues.json format), absolute. */
  issues: string[];
}

export interface SuiteSet {
  file: string;
  name: string;
  corpus: Corpus;
}

export interface Suite {
  sets: SuiteSet[];
  /** Sets that cannot run here, with the path that is missing. */
  missing: Array<{ set: string; path: string }>;
}

export const MANIFEST = 'eval/sets.json';

/** The committed question sets (data/eval/sets.json) that can run here: their corpora's folders exist. */
export function readSuite(file = dataPath(MANIFEST)): Suite {
  const manifest = readJsonFileSync(file, manifestSchema);
  const abs = (p: string) => path.resolve(PROJECT_ROOT, p);
  const sets: SuiteSet[] = [];
  const missing: Suite['missing'] = [];
  for (const s of manifest.sets) {
    const c = manifest.corpora[s.corpus];
    if (!c) throw new Error(`${file}: set ${s.file} names corpus ${s.corpus}, which is not defined`);
    const corpus = { name: s.corpus, bulletins: c.bulletins.map(abs), issues: c.issues.map(abs) };
    const absent = [abs(s.file), ...corpus.bulletins, ...corpus.issues].find((p) => !existsSync(p));
    if (absent) missing.push({ set: s.file, path: absent });
    else sets.push({ file: abs(s.file), name: path.basename(s.file, '.jsonl'), corpus });
  }
  return { sets, missing };
}

const truthSchema = z.record(
  z.string(),
  z.object({
    date: z.string(),
    year: z.number(),
    number: z.number(),
    total: z.number(),
    toc: z.array(z.object({ page: z.number(), title: z.string(), end: z.number().nullable() })),
  }),
);

/** The ground truth of a corpus: its issues.json files merged (keyed by bulletin file name). */
export function readTruth(files: string[]): Record<string, IssueTruth> {
  const out: Record<string, IssueTruth> = {};
  for (const f of files) Object.assign(out, readJsonFileSync(f, truthSchema));
  return out;
}
