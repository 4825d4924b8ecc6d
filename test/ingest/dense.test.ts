import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load-index.js';
import { legacyVectorFileFor, vectorFileFor } from '../../src/ingest/dense.js';
import { MANIFEST_FILE } from '../../src/store/manifest.js';
import { denseDeps, loadEmbedder, createRetriever, labelsToDocs } from '../../src/app/retrieval.js';
import { HnswVectorIndex } from '../../src/vendors/hnswlib.js';
import type { Embedder } from '../../src/embedding/embedder.js';
import { analyzeQuery } from '../../src/search/query.js';
import { createLogger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';

const silent = createLogger('silent');

/** Each chunk's stored vector, searched in the graph as loaded for serving, comes back as that chunk (labels map to chunk numbers). */
async function expectEveryVectorFindsItsChunk(indexDir: string): Promise<void> {
  const index = await loadIndex(indexDir);
  const dense = index.manifest.dense!;
  const graph = await HnswVectorIndex.load(path.join(indexDir, dense.indexFile), dense.model.dimension, 64, labelsToDocs(index, dense)!);
  expect(graph.size).toBe(index.corpus.chunks.length);
  let doc = 0;
  for (const name of index.order) {
    const segment = index.manifest.files[name]!.segment;
    const file = dense.files.find((f) => f.startsWith(segment.replace(/\.seg$/, '-')))!;
    const bytes = readFileSync(path.join(indexDir, file));
    const vectors = new Float32Array(new Uint8Array(bytes).buffer);
    for (let i = 0; i < index.manifest.files[name]!.chunks; i++, doc++) {
      const [hit] = graph.search(vectors.subarray(i * dense.model.dimension, (i + 1) * dense.model.dimension), 1);
      // Identical chunks (none in the fixtures) would tie; otherwise the vector's own chunk is nearest.
      expect(index.corpus.chunks[hit!.label]!.text).toBe(index.corpus.chunks[doc]!.text);
    }
  }
  expect(doc).toBe(index.corpus.chunks.length);
}

describe('dense index in ingest', () => {
  let embedder: Embedder;
  const config = testConfig({});
  beforeAll(async () => {
    embedder = (await loadEmbedder(config, silent))!;
    expect(embedder).not.toBeNull();
  });

  it('embeds every chunk once and records model and HNSW settings in the manifest', async () => {
    const indexDir = tempDir();
    const report = await ingest(
      { corpusDir: fixtureCorpus('issue-a.txt', 'issue-b.md'), indexDir },
      { dense: denseDeps(config, embedder) },
    );
    expect(report.retrieval).toBe('hybrid');
    expect(report.embedded).toBe(report.chunks);
    const index = await loadIndex(indexDir);
    const dense = index.manifest.dense!;
    expect(dense.model).toEqual({
      id: 'test/tiny-zh',
      dimension: 64,
      pooling: 'mean',
      normalize: true,
      queryPrefix: '查询：',
      quantized: true,
    });
    expect(dense.hnsw).toEqual({ M: 16, efConstruction: 200, efSearch: 64, space: 'cosine' });
    expect(dense.vectors).toBe(index.corpus.chunks.length);
  });

  it('embeds only a new bulletin, drops a removed one, and recomputes nothing for an unchanged corpus', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    const deps = { dense: denseDeps(config, embedder) };
    const first = await ingest({ corpusDir: corpus, indexDir }, deps);

    copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
    const added = await ingest({ corpusDir: corpus, indexDir }, deps);
    expect(added.embedded).toBe(added.chunks - first.chunks);

    const unchanged = await ingest({ corpusDir: corpus, indexDir }, deps);
    expect(unchanged).toMatchObject({ changed: false, embedded: 0, retrieval: 'hybrid' });

    rmSync(path.join(corpus, 'issue-a.txt'));
    const removed = await ingest({ corpusDir: corpus, indexDir }, deps);
    expect(removed.embedded).toBe(0);
    const index = await loadIndex(indexDir);
    // issue-a held more than a quarter of the points: the graph was rebuilt from stored vectors.
    expect(index.manifest.dense!).toMatchObject({ vectors: removed.chunks, deleted: 0, nextLabel: removed.chunks });
    await expectEveryVectorFindsItsChunk(indexDir);
    // Vectors and graph of the previous generation stay until the next switch.
    expect(readdirSync(path.join(indexDir, 'segments')).filter((f) => f.endsWith('.f32'))).toHaveLength(2);
    expect(readdirSync(indexDir).filter((f) => f.startsWith('dense-'))).toHaveLength(2);
  });

  it('grows the graph by the bulletin: new points get new labels, removed ones are marked deleted', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    const lines: string[] = [];
    const deps = { dense: denseDeps(config, embedder), log: createLogger('info', (l) => lines.push(l)) };
    const first = await ingest({ corpusDir: corpus, indexDir }, deps);
    const labelsBefore = (await loadIndex(indexDir)).manifest.dense!;

    copyFileSync(path.join(FIXTURE_BULLETINS, 'injection.txt'), path.join(corpus, 'injection.txt'));
    const added = await ingest({ corpusDir: corpus, indexDir }, deps);
    expect(added.embedded).toBe(added.chunks - first.chunks);
    expect(lines.join('\n')).toContain('1 bulletin(s) added to the graph, 0 marked deleted');
    const grown = (await loadIndex(indexDir)).manifest.dense!;
    for (const [segment, labels] of Object.entries(labelsBefore.labels)) expect(grown.labels[segment]).toEqual(labels);
    await expectEveryVectorFindsItsChunk(indexDir);

    rmSync(path.join(corpus, 'injection.txt'));
    const shrunk = await ingest({ corpusDir: corpus, indexDir }, deps);
    expect(shrunk).toMatchObject({ embedded: 0, chunks: first.chunks });
    expect(lines.join('\n')).toContain('0 bulletin(s) added to the graph, 1 marked deleted');
    const index = await loadIndex(indexDir);
    expect(index.manifest.dense!).toMatchObject({
      vectors: first.chunks,
      deleted: added.chunks - first.chunks,
      nextLabel: added.chunks,
    });
    await expectEveryVectorFindsItsChunk(indexDir);
    const retriever = await createRetriever(testConfig({ INDEX_DIR: indexDir, RETRIEVAL_MODE: 'dense' }), index, embedder, silent);
    const hits = await retriever.search(analyzeQuery('政务服务事项网上可办率'), 10);
    expect(hits.length).toBe(10);
    expect(hits.every((h) => h.chunk.file !== 'injection.txt')).toBe(true);
  });

  it('uses a dense index only when it matches the config, and ingest rebuilds it without re-embedding', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(config, embedder) });
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));

    const changed = testConfig({ INDEX_DIR: indexDir, HNSW_M: '32' });
    const stale = await createRetriever(changed, await loadIndex(indexDir), embedder, log);
    expect(stale.mode).toBe('keyword');
    expect(lines.join('\n')).toMatch(/has test\/tiny-zh \(M=16.*config asks for test\/tiny-zh \(M=32.*npm run ingest/);

    const rebuilt = await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(changed, embedder) });
    expect(rebuilt).toMatchObject({ changed: true, embedded: 0, retrieval: 'hybrid' });
    const fresh = await createRetriever(changed, await loadIndex(indexDir), embedder, log);
    expect(fresh.mode).toBe('hybrid');
    const hits = await fresh.search(analyzeQuery('星海市低空物流航线补贴'), 5);
    expect(hits[0]!.chunk.title).toContain('星海市促进低空经济');
  });

  it('searches in dense mode alone, with the same metadata filters', async () => {
    const indexDir = tempDir();
    await ingest({ corpusDir: fixtureCorpus('issue-a.txt', 'issue-b.md'), indexDir }, { dense: denseDeps(config, embedder) });
    const dense = await createRetriever(
      testConfig({ INDEX_DIR: indexDir, RETRIEVAL_MODE: 'dense' }),
      await loadIndex(indexDir),
      embedder,
      silent,
    );
    expect(dense.mode).toBe('dense');
    const all = await dense.search(analyzeQuery('软件业务收入同比增长'), 5);
    expect(all[0]!.chunk.issue.total).toBe(302);
    const filtered = await dense.search(analyzeQuery('第9期 软件业务收入同比增长'), 5);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((h) => h.chunk.issue.number === 9)).toBe(true);
  });
});

describe('upgrade from an index of format 1', () => {
  it('takes over the stored vectors instead of embedding again', async () => {
    const config = testConfig({});
    const embedder = (await loadEmbedder(config, silent))!;
    const deps = denseDeps(config, embedder)!;
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    const first = await ingest({ corpusDir: corpus, indexDir }, { dense: deps });
    const current = (await loadIndex(indexDir)).manifest;
    // The same index in the format-1 layout: a manifest naming per-file caches, the vectors beside them.
    mkdirSync(path.join(indexDir, 'files'));
    const files: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(current.files)) {
      const cache = `files/${entry.sha256.slice(0, 24)}-0123456789abcdef.json`;
      files[name] = { sha256: entry.sha256, issue: entry.issue, articles: entry.articles, chunks: entry.chunks, cache };
      renameSync(path.join(indexDir, vectorFileFor(entry.segment, deps)), path.join(indexDir, legacyVectorFileFor(cache, deps)));
    }
    for (const f of readdirSync(path.join(indexDir, 'segments'))) rmSync(path.join(indexDir, 'segments', f));
    const { settings } = current;
    writeFileSync(
      path.join(indexDir, MANIFEST_FILE),
      JSON.stringify({
        formatVersion: 1,
        builtAt: '',
        settingsKey: 'old',
        settings,
        files,
        failed: {},
        corpusFile: 'corpus-x.json',
        keywordFile: 'keyword-x.json',
      }),
    );
    const lines: string[] = [];
    const report = await ingest({ corpusDir: corpus, indexDir }, { dense: deps, log: createLogger('info', (l) => lines.push(l)) });
    expect(report).toMatchObject({ changed: true, retrieval: 'hybrid', embedded: 0, chunks: first.chunks });
    expect(lines.join('\n')).toMatch(/has format 1; .* rebuilding every bulletin \(stored vectors are kept\)/);
    await expectEveryVectorFindsItsChunk(indexDir);
    expect(readdirSync(indexDir)).not.toContain('files');
  });
});
