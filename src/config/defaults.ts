import { configSchema, type Config } from './schema.js';

let defaults: Config | null = null;

/** The configuration with nothing set: every default as the schema gives it (the one place they are written). */
export function defaultConfig(): Config {
  defaults ??= configSchema.parse({});
  return defaults;
}
