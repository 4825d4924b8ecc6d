import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { CONFIG_KEYS } from '../../src/config/schema.js';
import { ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/paths.js';

describe('.env.example', () => {
  it('documents every config key, and only those', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual([...CONFIG_KEYS].sort());
  });
});

describe('loadConfig', () => {
  it('has defaults for every key', () => {
    const config = loadConfig({ env: {}, argv: [], envFile: null });
    expect(config).toMatchObject({ BULLETINS_DIR: 'bulletins', INDEX_DIR: 'index', LOG_LEVEL: 'info' });
  });

  it('reads a .env file under the environment, and flags over both', () => {
    const file = path.join(tempDir(), '.env');
    writeFileSync(file, 'BULLETINS_DIR=from-file\nINDEX_DIR=idx-file\nLOG_LEVEL=warn\n');
    const config = loadConfig({ env: { INDEX_DIR: 'idx-env' }, argv: ['--corpus', 'from-flag'], envFile: file });
    expect(config).toMatchObject({ BULLETINS_DIR: 'from-flag', INDEX_DIR: 'idx-env', LOG_LEVEL: 'warn' });
    expect(loadConfig({ env: {}, argv: ['--corpus=eq'], envFile: null }).BULLETINS_DIR).toBe('eq');
  });

  it('lists every bad key in one error', () => {
    try {
      loadConfig({ env: { LOG_LEVEL: 'loud', ANSWER_MIN_CONFIDENCE: '2', MAX_QUESTION_CHARS: 'many' }, argv: [], envFile: null });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('LOG_LEVEL');
      expect(problems).toContain('ANSWER_MIN_CONFIDENCE');
      expect(problems).toContain('MAX_QUESTION_CHARS');
    }
  });
});
