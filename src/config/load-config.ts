import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { configSchema, type Config } from './schema.js';
import { registerSecret } from '../util/log.js';
import { AppError } from '../util/app-error.js';

export class ConfigError extends AppError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Command-line flags that stand for a config key. */
const FLAGS: Record<string, keyof Config> = { '--corpus': 'BULLETINS_DIR', '--index': 'INDEX_DIR', '--log-level': 'LOG_LEVEL' };

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  argv?: string[];
  /** A .env file read under the environment: a variable already set wins. */
  envFile?: string | null;
}

/** Parses the configuration once; every bad key is listed in one ConfigError. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const envFile = options.envFile === undefined ? '.env' : options.envFile;
  const fromFile = envFile && existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const merged: Record<string, string | undefined> = { ...fromFile, ...(options.env ?? process.env) };
  for (const [flag, key] of Object.entries(FLAGS)) {
    const value = flagValue(options.argv ?? [], flag);
    if (value !== undefined) merged[key] = value;
  }
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key];
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  for (const [key, value] of Object.entries(parsed.data))
    if (/TOKEN|SECRET|API_KEY|ENCRYPT_KEY|PASSWORD/.test(key) && typeof value === 'string') registerSecret(value);
  return parsed.data;
}

export function flagValue(argv: string[], flag: string): string | undefined {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes('=') ? arg.slice(flag.length + 1) : argv[i + 1];
}

/** Positional arguments, without the known flags and their values. */
export function positionalArgs(argv: string[], booleanFlags: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (Object.keys(FLAGS).some((f) => a === f)) i++;
    else if (Object.keys(FLAGS).some((f) => a.startsWith(`${f}=`)) || booleanFlags.includes(a) || a.startsWith('--')) continue;
    else out.push(a);
  }
  return out;
}
