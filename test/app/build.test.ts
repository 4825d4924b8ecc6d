import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build.js';
import { createLogger } from '../../src/util/log.js';
import { ROOT, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { PromptError } from '../../src/generate/prompt-error.js';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { testConfig } from '../helpers/config.js';
import { startFakeModelHub } from '../helpers/model-server.js';

describe('buildApp', () => {
  it('answers from the index built before when the bulletin folder is gone, and says so', async () => {
    const indexDir = tempDir();
    const config = testConfig({ BULLETINS_DIR: fixtureCorpus('issue-a.txt'), INDEX_DIR: indexDir, RETRIEVAL_MODE: 'keyword' });
    await buildApp(config, createLogger('silent'));
    const lines: string[] = [];
    const log = { ...createLogger('silent'), warn: (m: string) => void lines.push(m) };
    const gone = { ...config, BULLETINS_DIR: path.join(tempDir(), 'not-there') };
    const { engine, report } = await buildApp(gone, log);
    expect(report).toBeNull();
    expect(lines.some((l) => l.startsWith(`bulletin folder not found: ${gone.BULLETINS_DIR}; answering from the index`))).toBe(true);
    expect((await engine.answer('全国量子计算相关企业有多少家？')).text).toContain('318家');
    // Without an index either, nothing can answer.
    await expect(buildApp({ ...gone, INDEX_DIR: tempDir() }, createLogger('silent'))).rejects.toThrow('bulletin folder not found');
  });

  it('runs hybrid retrieval with the test model', async () => {
    const config = testConfig({ BULLETINS_DIR: fixtureCorpus('issue-a.txt', 'issue-b.md'), INDEX_DIR: tempDir() });
    const { engine, report } = await buildApp(config, createLogger('silent'));
    expect(report!.retrieval).toBe('hybrid');
    expect(engine.retrievalMode).toBe('hybrid');
    const answer = await engine.answer('全国量子计算相关企业有多少家？');
    expect(answer.text).toContain('318家');
  });

  it('falls back to keyword retrieval with one clear line when the model is unavailable, and answers', async () => {
    const hub = await startFakeModelHub(null);
    try {
      const modelsDir = tempDir();
      const config = testConfig({
        BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
        INDEX_DIR: tempDir(),
        EMBEDDING_MODEL: 'Xenova/bge-small-zh-v1.5',
        MODELS_DIR: modelsDir,
        MODEL_ALLOW_DOWNLOAD: 'true',
        MODEL_REMOTE_HOST: hub.url,
      });
      const lines: string[] = [];
      const { engine, report } = await buildApp(
        config,
        createLogger('warn', (l) => lines.push(l)),
      );
      expect(report!.retrieval).toBe('keyword');
      expect(engine.retrievalMode).toBe('keyword');
      const warnings = lines.filter((l) => l.includes('not available'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('Xenova/bge-small-zh-v1.5');
      expect(warnings[0]).toContain(modelsDir);
      expect(warnings[0]).toContain('npm run fetch-model');
      expect((await engine.answer('全国量子计算相关企业有多少家？')).text).toContain('318家');
    } finally {
      await hub.close();
    }
  });

  it('does not load a model in keyword mode', async () => {
    const config = testConfig({
      BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
      INDEX_DIR: tempDir(),
      RETRIEVAL_MODE: 'keyword',
      EMBEDDING_MODEL: 'no/such-model',
    });
    const lines: string[] = [];
    const { engine } = await buildApp(
      config,
      createLogger('warn', (l) => lines.push(l)),
    );
    expect(engine.retrievalMode).toBe('keyword');
    expect(lines).toEqual([]);
  });

  it('checks the prompt files at start-up in extractive mode too', async () => {
    const prompts = tempDir();
    cpSync(path.join(ROOT, 'prompts'), prompts, { recursive: true });
    writeFileSync(path.join(prompts, 'answer.md'), '摘录：{excerpts}\n问题：{query}\n');
    const config = testConfig({
      BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
      INDEX_DIR: tempDir(),
      RETRIEVAL_MODE: 'keyword',
      PROMPTS_DIR: prompts,
    });
    await expect(buildApp(config, createLogger('silent'))).rejects.toThrow(PromptError);
  });
});
