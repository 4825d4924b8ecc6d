import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load.js';
import type { DenseManifest } from '../../src/ingest/dense.js';
import { denseDeps, loadEmbedder, createRetriever } from '../../src/app/retrieval.js';
import type { Embedder } from '../../src/embedding/embedder.js';
import { analyzeQuery } from '../../src/search/query.js';
import { createLogger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';

const silent = createLogger('silent');

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
    const dense = index.manifest.dense as DenseManifest;
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
    expect((index.manifest.dense as DenseManifest).vectors).toBe(index.corpus.chunks.length);
    const files = readdirSync(path.join(indexDir, 'files'));
    expect(files.filter((f) => f.endsWith('.f32'))).toHaveLength(1);
    expect(readdirSync(indexDir).filter((f) => f.startsWith('dense-'))).toHaveLength(1);
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
