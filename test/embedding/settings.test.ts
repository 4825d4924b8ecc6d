import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ModelSettingsError, resolveModelSettings } from '../../src/embedding/settings.js';
import { tempDir } from '../helpers/paths.js';

/** A model folder under a fresh MODELS_DIR, with an embedding.json holding `json`. */
function modelWith(id: string, json: string): string {
  const dir = tempDir('models-');
  mkdirSync(path.join(dir, id), { recursive: true });
  writeFileSync(path.join(dir, id, 'embedding.json'), json);
  return dir;
}

describe('resolveModelSettings', () => {
  it('knows bge-small-zh-v1.5 as its model card describes it: 512 dimensions, CLS pooling, normalised, the retrieval instruction on queries', () => {
    // https://huggingface.co/BAAI/bge-small-zh-v1.5: hidden size 512, [CLS] embedding, normalize_embeddings=True,
    // query instruction "为这个句子生成表示以用于检索相关文章：", max sequence length 512.
    expect(resolveModelSettings('Xenova/bge-small-zh-v1.5', tempDir())).toEqual({
      id: 'Xenova/bge-small-zh-v1.5',
      dimension: 512,
      pooling: 'cls',
      normalize: true,
      queryPrefix: '为这个句子生成表示以用于检索相关文章：',
      maxTokens: 512,
      denseWeight: 1,
    });
  });

  it('reads any other model from its embedding.json, with defaults for what it leaves out', () => {
    const dir = modelWith('acme/tiny', '{"dimension": 64, "pooling": "mean"}');
    expect(resolveModelSettings('acme/tiny', dir)).toEqual({
      id: 'acme/tiny',
      dimension: 64,
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      maxTokens: 512,
      denseWeight: 1,
    });
  });

  it('lets a model folder describe a known model differently', () => {
    const dir = modelWith('Xenova/bge-small-zh-v1.5', '{"dimension": 512, "pooling": "cls", "queryPrefix": "", "maxTokens": 256}');
    expect(resolveModelSettings('Xenova/bge-small-zh-v1.5', dir)).toMatchObject({ queryPrefix: '', maxTokens: 256 });
  });

  it('names the file and what is wrong with it', () => {
    const bad = modelWith('acme/bad', '{"dimension": -1, "pooling": "max"}');
    const file = path.join(bad, 'acme/bad', 'embedding.json');
    expect(() => resolveModelSettings('acme/bad', bad)).toThrow(ModelSettingsError);
    expect(() => resolveModelSettings('acme/bad', bad)).toThrow(file);
    expect(() => resolveModelSettings('acme/bad', bad)).toThrow(/dimension/);
    expect(() => resolveModelSettings('acme/bad', bad)).toThrow(/pooling/);
    expect(() => resolveModelSettings('acme/broken', modelWith('acme/broken', '{"dimension": 6'))).toThrow(/is not JSON/);
    const none = tempDir();
    expect(() => resolveModelSettings('acme/unknown', none)).toThrow(
      `unknown embedding model acme/unknown: add ${path.join(none, 'acme/unknown', 'embedding.json')} with its dimension and pooling`,
    );
  });
});
