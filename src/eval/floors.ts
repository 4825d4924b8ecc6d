import { z } from 'zod';
import { dataPath } from '../util/paths.js';
import { readJsonFileSync } from '../util/json-file.js';
import type { Figures } from './suite.js';

const floorsSchema = z.object({
  note: z.string(),
  correct_answerable: z.number().min(0).max(1),
  refused_unanswerable: z.number().min(0).max(1),
});

export type Floors = z.infer<typeof floorsSchema>;

/** The floors CI holds the committed sets to (data/eval/floors.json). */
export function readFloors(file = dataPath('eval/floors.json')): Floors {
  return readJsonFileSync(file, floorsSchema);
}

/** What falls below a floor, one line each; empty when none does. */
export function belowFloors(f: Figures, floors: Floors): string[] {
  const out: string[] = [];
  if ((f.correct_answerable ?? 0) < floors.correct_answerable)
    out.push(`correct when answerable ${f.correct_answerable} < floor ${floors.correct_answerable}`);
  if ((f.refused_unanswerable ?? 0) < floors.refused_unanswerable)
    out.push(`refused when unanswerable ${f.refused_unanswerable} < floor ${floors.refused_unanswerable}`);
  return out;
}
