import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { tempDir } from './paths.js';

/**
 * A config from the test environment (test model, downloads off) with overrides. STATE_DIR is a
 * fresh folder unless a test names one: a channel or service writes its state there (the key that
 * hashes ids in the log, de-duplication, digests), never into the working tree's `state/`.
 */
export function testConfig(over: Record<string, string>): Config {
  const stateDir = over.STATE_DIR ?? process.env.STATE_DIR ?? tempDir('state-');
  return loadConfig({ env: { ...process.env, ...over, STATE_DIR: stateDir }, argv: [], envFile: null });
}
