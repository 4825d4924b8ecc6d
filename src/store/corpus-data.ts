import { z } from 'zod';
import type { BulletinSummary } from '../domain/corpus.js';

const issueRefSchema = z.object({ year: z.number().int(), number: z.number().int(), total: z.number().int(), date: z.string() });

/** A bulletin's cover, masthead and TOC as the catalogue and the segments store them (BulletinSummary). */
export const bulletinSummarySchema: z.ZodType<BulletinSummary> = z.object({
  file: z.string(),
  cover: issueRefSchema.extend({ headline: z.string() }),
  masthead: z.object({ roles: z.record(z.string(), z.string()) }),
  toc: z.array(z.object({ category: z.string(), page: z.number().int(), endPage: z.number().int().nullable(), title: z.string() })),
  warnings: z.array(z.string()),
});

/** A generation's catalogue (`corpus-<generation>.json`): the indexed files in corpus order, with their covers and TOCs. */
export const catalogueSchema = z
  .object({ files: z.array(z.string()), bulletins: z.array(bulletinSummarySchema) })
  .refine((c) => c.files.length === c.bulletins.length, 'as many bulletins as files');

export type Catalogue = z.infer<typeof catalogueSchema>;
