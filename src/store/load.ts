import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { manifestSchema, MANIFEST_FILE, type Manifest } from './manifest.js';
import type { CorpusData } from './corpus-data.js';
import { Bm25Index, type Bm25Data } from '../search/bm25.js';

export class IndexLoadError extends Error {
  override readonly name = 'IndexLoadError';
}

export interface LoadedIndex {
  manifest: Manifest;
  corpus: CorpusData;
  keyword: Bm25Index;
}

export async function readManifest(indexDir: string): Promise<Manifest> {
  const file = path.join(indexDir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new IndexLoadError(`no index in ${indexDir} (run \`npm run ingest\` first)`);
  }
  const parsed = manifestSchema.safeParse(safeJson(raw));
  if (!parsed.success) throw new IndexLoadError(`${file} is not a valid index manifest; run \`npm run ingest\` to rebuild it`);
  return parsed.data;
}

/** Loads the generation named by the manifest; its files are immutable once written, so the load is consistent. */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const manifest = await readManifest(indexDir);
  const corpus = (await readJson(indexDir, manifest.corpusFile)) as CorpusData;
  const keyword = Bm25Index.fromJSON((await readJson(indexDir, manifest.keywordFile)) as Bm25Data);
  if (keyword.size !== corpus.chunks.length)
    throw new IndexLoadError(`${indexDir}: keyword index and chunk store disagree; run \`npm run ingest\``);
  return { manifest, corpus, keyword };
}

async function readJson(indexDir: string, name: string): Promise<unknown> {
  const file = path.join(indexDir, name);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new IndexLoadError(`${file} is missing or damaged (${(error as Error).message}); run \`npm run ingest\``);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
