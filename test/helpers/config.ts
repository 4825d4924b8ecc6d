import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';

/** A config from the test environment (test model, downloads off) with overrides. */
export function testConfig(over: Record<string, string>): Config {
  return loadConfig({ env: { ...process.env, ...over }, argv: [], envFile: null });
}
