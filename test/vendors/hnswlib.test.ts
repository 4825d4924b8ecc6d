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

  it('searches exactly among given labels, with the similarity of the graph search', () => {
    const index = HnswVectorIndex.build(vectors, 32, params);
    const among = [3, 17, 42, 99, 250, 251, 400];
    const q = vectors[250]!;
    const brute = among
      .map((label) => ({ label, similarity: vectors[label]!.reduce((s, x, i) => s + x * q[i]!, 0) }))
      .sort((a, b) => b.similarity - a.similarity);
    const hits = index.searchAmong(q, among, 3);
    expect(hits.map((h) => h.label)).toEqual(brute.slice(0, 3).map((h) => h.label));
    hits.forEach((h, i) => expect(h.similarity).toBeCloseTo(brute[i]!.similarity, 5));
    expect(hits[0]!.similarity).toBeCloseTo(index.search(q, 1)[0]!.similarity, 5);
  });

  it('maps graph labels to chunk numbers and skips deleted points', async () => {
    const dir = tempDir();
    // Labels 0–9 for ten vectors; label 4 deleted; labels 10–11 added later.
    const graph = HnswVectorIndex.build(vectors.slice(0, 10), 32, params);
    graph.markDeleted(4);
    const file = path.join(dir, 'g.hnsw');
    await graph.save(file);
    const grown = await HnswVectorIndex.open(file, 32, params, 12);
    grown.add(vectors[10]!, 10);
    grown.add(vectors[11]!, 11);
    await grown.save(file);
    // Chunk order: labels 10, 11 first (a newer issue sorted first), then 0–3, 5–9.
    const labelToDoc = Int32Array.from([2, 3, 4, 5, -1, 6, 7, 8, 9, 10, 0, 1]);
    const loaded = await HnswVectorIndex.load(file, 32, 50, labelToDoc);
    expect(loaded.size).toBe(11);
    expect(loaded.search(vectors[10]!, 1)[0]!.label).toBe(0);
    expect(loaded.search(vectors[7]!, 1)[0]!.label).toBe(8);
    expect(loaded.search(vectors[4]!, 11).map((h) => h.label)).not.toContain(-1);
    expect(loaded.searchAmong(vectors[11]!, [1, 8], 1)[0]!.label).toBe(1);
  });

  it('returns nothing from an empty index', () => {
    expect(HnswVectorIndex.build([], 32, params).search(vectors[0]!, 5)).toEqual([]);
  });
});
