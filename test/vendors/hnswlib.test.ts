import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { HnswVectorIndex } from '../../src/vendors/hnswlib.js';
import { tempDir } from '../helpers/paths.js';

function randomUnitVectors(n: number, dim: number, seed = 7): Float32Array[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: dim }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('HnswVectorIndex', () => {
  const vectors = randomUnitVectors(500, 32);
  const params = { M: 16, efConstruction: 100, efSearch: 50 };

  it('finds a stored vector as its own nearest neighbour with similarity 1', () => {
    const index = HnswVectorIndex.build(vectors, 32, params);
    expect(index.size).toBe(500);
    const [hit] = index.search(vectors[123]!, 1);
    expect(hit).toMatchObject({ label: 123 });
    expect(hit!.similarity).toBeCloseTo(1, 5);
  });

  it('applies a label filter during the search', () => {
    const index = HnswVectorIndex.build(vectors, 32, params);
    const hits = index.search(vectors[10]!, 5, (label) => label % 2 === 1);
    expect(hits).toHaveLength(5);
    expect(hits.every((h) => h.label % 2 === 1)).toBe(true);
  });

  it('saves atomically and loads back with identical results', async () => {
    const dir = tempDir();
    const index = HnswVectorIndex.build(vectors, 32, params);
    const file = path.join(dir, 'dense.hnsw');
    await index.save(file);
    expect(readdirSync(dir)).toEqual(['dense.hnsw']);
    const loaded = await HnswVectorIndex.load(file, 32, 50);
    for (const q of vectors.slice(0, 20)) expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
  });

  it('returns nothing from an empty index', () => {
    expect(HnswVectorIndex.build([], 32, params).search(vectors[0]!, 5)).toEqual([]);
  });
});
