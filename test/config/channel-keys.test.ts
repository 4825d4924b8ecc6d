import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { CONFIG_KEYS } from '../../src/config/schema.js';
import { ROOT } from '../helpers/paths.js';

/** The keys of the channels and the service; the rest of the schema belongs to the core. */
const CHANNEL_KEY = /^(TELEGRAM_|FEISHU_|HEALTH_|STATE_DIR$|LOG_|MAX_UPLOAD_MB$|WATCH_BULLETINS$|INGEST_DEBOUNCE_MS$|FEEDBACK_LOG_)/;

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

describe('channel and service settings', () => {
  const keys = CONFIG_KEYS.filter((k) => CHANNEL_KEY.test(k));
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
