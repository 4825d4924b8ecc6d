import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { CONFIG_KEYS } from '../../src/config/schema.js';
import { ROOT } from '../helpers/paths.js';

/** .env.example's values: `KEY=value` lines, and the keys shown only as `# KEY=…` examples. */
function example(): { values: Record<string, string>; commented: Set<string> } {
  const values: Record<string, string> = {};
  const commented = new Set<string>();
  for (const line of readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const set = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (set) values[set[1]!] = set[2]!;
    const shown = /^#\s*([A-Z][A-Z0-9_]*)=/.exec(line);
    if (shown) commented.add(shown[1]!);
  }
  return { values, commented };
}

describe('every setting', () => {
  const keys = CONFIG_KEYS;
  const defaults = loadConfig({ env: {}, argv: [], envFile: null }) as Record<string, unknown>;

  it('.env.example shows each key’s default as the schema has it, and keys without one as commented examples', () => {
    const { values, commented } = example();
    const fromExample = loadConfig({ env: values, argv: [], envFile: null }) as Record<string, unknown>;
    for (const key of keys) {
      const empty = defaults[key] === undefined || (Array.isArray(defaults[key]) && (defaults[key] as unknown[]).length === 0);
      if (empty) expect(commented.has(key), `${key} should be shown as # ${key}=…`).toBe(true);
      else {
        expect(values[key], `${key} should be set to its default in .env.example`).toBeDefined();
        expect(fromExample[key], key).toEqual(defaults[key]);
      }
    }
  });

  it('refuses, with the key named, an app id the Feishu long connection would silently ignore', () => {
    const load = (env: Record<string, string>) => () => loadConfig({ env, argv: [], envFile: null });
    expect(load({ FEISHU_APP_ID: 'cli_test' })).toThrow(ConfigError);
    expect(load({ FEISHU_APP_ID: 'cli_test' })).toThrow(/FEISHU_APP_ID: not an app id/);
    expect(load({ FEISHU_APP_ID: 'cli_0123456789abcdef' })).not.toThrow();
    expect(
      load({ FEISHU_APP_ID: 'cli_test', FEISHU_MODE: 'webhook', FEISHU_VERIFICATION_TOKEN: 't', FEISHU_ENCRYPT_KEY: 'k' }),
    ).not.toThrow();
  });
});
