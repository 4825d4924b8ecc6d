import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load-index.js';
import { MANIFEST_FILE } from '../../src/store/manifest.js';
import { createRetriever, denseDeps, loadEmbedder } from '../../src/app/retrieval.js';
import { hnswIndexFactory } from '../../src/vendors/hnswlib.js';
import type { VectorIndexFactory } from '../../src/embedding/vector-index.js';
import type { Embedder } from '../../src/embedding/embedder.js';
import { analyzeQuery } from '../../src/search/query.js';
import { createLogger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';

type Json = Record<string, unknown>;

/** Rewrites manifest.json by hand, as a bad disk, a bad merge or a bad editor would. */
function corruptManifest(indexDir: string, change: (manifest: Json) => void): void {
  const file = path.join(indexDir, MANIFEST_FILE);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Json;
  change(manifest);
  writeFileSync(file, JSON.stringify(manifest, null, 1));
}

describe('the dense section of the manifest', () => {
  let embedder: Embedder;
  const config = testConfig({});
  beforeAll(async () => {
    embedder = (await loadEmbedder(config, createLogger('silent')))!;
    expect(embedder).not.toBeNull();
  });

  it('set aside when invalid: keyword retrieval with a clear log line, and the next ingest rebuilds it', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    const first = await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(config, embedder) });
    corruptManifest(indexDir, (m) => {
      const dense = m.dense as Json;
      (dense.model as Json).dimension = '64';
      delete dense.labels;
    });

    const index = await loadIndex(indexDir);
    expect(index.manifest.dense).toBeUndefined();
    expect(index.manifest.denseInvalid).toMatch(/dense\.model\.dimension: .*dense\.labels: /);
    const lines: string[] = [];
    const serving = testConfig({ INDEX_DIR: indexDir, RETRIEVAL_MODE: 'hybrid' });
    const retriever = await createRetriever(
      serving,
      index,
      embedder,
      createLogger('warn', (l) => lines.push(l)),
    );
    expect(retriever.mode).toBe('keyword');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/dense index set aside, its manifest section is invalid \(.*manifest\.json: dense\.model\.dimension: /);
    expect(lines[0]).toMatch(/npm run ingest.*using keyword retrieval meanwhile/);
    expect((await retriever.search(analyzeQuery('星海市低空物流航线补贴'), 3))[0]!.chunk.title).toContain('星海市促进低空经济');

    const ingestLines: string[] = [];
    const rebuilt = await ingest(
      { corpusDir: corpus, indexDir },
      { dense: denseDeps(config, embedder), log: createLogger('info', (l) => ingestLines.push(l)) },
    );
    // The vectors are stored per bulletin: the graph is built again from them, nothing is embedded.
    expect(rebuilt).toMatchObject({ changed: true, retrieval: 'hybrid', embedded: 0, chunks: first.chunks });
    expect(ingestLines.join('\n')).toMatch(/dense index set aside, its manifest section is invalid .*: rebuilding it/);
    const repaired = await loadIndex(indexDir);
    expect(repaired.manifest.denseInvalid).toBeUndefined();
    expect(repaired.manifest.dense).toMatchObject({ vectors: first.chunks, deleted: 0, nextLabel: first.chunks });
    expect((await createRetriever(serving, repaired, embedder, createLogger('silent'))).mode).toBe('hybrid');
  });

  it('refuses every kind of bad value, and nothing but the dense part is lost', async () => {
    const indexDir = tempDir();
    await ingest({ corpusDir: fixtureCorpus('issue-a.txt'), indexDir }, { dense: denseDeps(config, embedder) });
    const original = readFileSync(path.join(indexDir, MANIFEST_FILE), 'utf8');
    const cases: Array<[string, (dense: Json, manifest: Json) => void, RegExp]> = [
      ['null', (_, m) => (m.dense = null), /dense: /],
      ['a string', (_, m) => (m.dense = 'dense-1.hnsw'), /dense: /],
      [
        'a graph outside the index folder',
        (d) => (d.indexFile = '../../elsewhere.hnsw'),
        /dense\.indexFile: not a file name inside the index folder/,
      ],
      ['another space', (d) => ((d.hnsw as Json).space = 'l2'), /dense\.hnsw\.space: /],
      ['a negative label', (d) => (d.labels = { 'segments/x.seg': [-1, 3] }), /dense\.labels\.segments\/x\.seg\.0: /],
      ['a fractional count', (d) => (d.vectors = 1.5), /dense\.vectors: /],
    ];
    for (const [what, change, reason] of cases) {
      writeFileSync(path.join(indexDir, MANIFEST_FILE), original);
      corruptManifest(indexDir, (m) => change(m.dense as Json, m));
      const index = await loadIndex(indexDir);
      expect(index.manifest.denseInvalid, what).toMatch(reason);
      expect(index.corpus.chunks.length, what).toBeGreaterThan(0);
      const retriever = await createRetriever(testConfig({ INDEX_DIR: indexDir }), index, embedder, createLogger('silent'));
      expect(retriever.mode, what).toBe('keyword');
    }
  });

  it('a graph file that cannot be read gives keyword retrieval, not a crash', async () => {
    const indexDir = tempDir();
    const corpus = fixtureCorpus('issue-a.txt');
    await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(config, embedder) });
    const index = await loadIndex(indexDir);
    writeFileSync(path.join(indexDir, index.manifest.dense!.indexFile), Buffer.alloc(4096, 7));
    const lines: string[] = [];
    const retriever = await createRetriever(
      testConfig({ INDEX_DIR: indexDir }),
      index,
      embedder,
      createLogger('warn', (l) => lines.push(l)),
    );
    expect(retriever.mode).toBe('keyword');
    expect(lines.join('\n')).toMatch(
      /dense index dense-.*\.hnsw cannot be read .*delete it and run `npm run ingest` to rebuild it — using keyword retrieval meanwhile/,
    );
    // As the line says: without the file, ingest builds the graph again (from the stored vectors).
    rmSync(path.join(indexDir, index.manifest.dense!.indexFile));
    expect(await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(config, embedder) })).toMatchObject({
      changed: true,
      embedded: 0,
    });
    const again = await createRetriever(testConfig({ INDEX_DIR: indexDir }), await loadIndex(indexDir), embedder, createLogger('silent'));
    expect(again.mode).toBe('hybrid');
  });
});

describe('one vector index interface for ingest and serving', () => {
  it('ingest builds and grows the graph, serving loads it, all through the same factory', async () => {
    const config = testConfig({});
    const embedder = (await loadEmbedder(config, createLogger('silent')))!;
    const calls: string[] = [];
    const recording: VectorIndexFactory = {
      build: (vectors, dimension, params, labels) => {
        calls.push(`build ${vectors.length}`);
        return hnswIndexFactory.build(vectors, dimension, params, labels);
      },
      open: (file, dimension, params, capacity) => {
        calls.push(`open ${path.basename(file)}`);
        return hnswIndexFactory.open(file, dimension, params, capacity);
      },
      load: (file, dimension, params, labelToDoc) => {
        calls.push(`load ${path.basename(file)}`);
        return hnswIndexFactory.load(file, dimension, params, labelToDoc);
      },
    };
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    const first = await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(config, embedder, recording) });
    const built = (await loadIndex(indexDir)).manifest.dense!.indexFile;
    copyFileSync(path.join(FIXTURE_BULLETINS, 'injection.txt'), path.join(corpus, 'injection.txt'));
    await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(config, embedder, recording) });
    const index = await loadIndex(indexDir);
    const grown = index.manifest.dense!.indexFile;
    const retriever = await createRetriever(testConfig({ INDEX_DIR: indexDir }), index, embedder, createLogger('silent'), recording);
    expect(retriever.mode).toBe('hybrid');
    expect(calls).toEqual([`build ${first.chunks}`, `open ${built}`, `load ${grown}`]);
  });
});
