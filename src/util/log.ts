import { Writable } from 'node:stream';
import pino from 'pino';

/** Logs go to stderr so that stdout stays clean for `ask --jsonl`. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
/** json: one JSON object a line (services); text: "[warn] message {fields}" (commands, tests). */
export type LogFormat = 'json' | 'text';

const secrets = new Set<string>();

/** Values that must never appear in a log line (tokens, keys); they are replaced by [redacted]. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

const LEVEL_NAMES: Record<number, string> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error' };

/** Turns pino's JSON line into the short text form. */
function textLine(json: string): string {
  const { level, msg, time: _time, pid: _pid, hostname: _host, ...fields } = JSON.parse(json) as Record<string, unknown>;
  const name = LEVEL_NAMES[level as number] ?? 'info';
  const extra = Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
  return `${name === 'info' ? '' : `[${name}] `}${String(msg)}${extra}`;
}

/**
 * A pino logger behind the small Logger interface. Every line passes through secret redaction
 * before it is written, whichever format.
 */
export function createLogger(level: LogLevel = 'info', write?: (line: string) => void, format: LogFormat = 'text'): Logger {
  const sink = write ?? ((line: string) => process.stderr.write(line + '\n'));
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const safe = redactSecrets(line);
        sink(format === 'json' ? safe : textLine(safe));
      }
      done();
    },
  });
  const logger = pino(
    {
      level: level === 'silent' ? 'silent' : level,
      base: format === 'json' ? { pid: process.pid } : undefined,
      timestamp: format === 'json' ? pino.stdTimeFunctions.isoTime : false,
      formatters: { level: (label, number) => (format === 'json' ? { level: label } : { level: number }) },
      serializers: { error: (e: unknown) => (e instanceof Error ? { name: e.name, message: e.message } : e) },
    },
    stream,
  );
  const emit = (at: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => {
    if (fields && Object.keys(fields).length) logger[at](ownFields(fields), message);
    else logger[at](message);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Keys the log line itself uses: a field of the same name would be lost or overwrite them. */
export const LOGGER_KEYS = ['msg', 'level', 'time', 'pid', 'hostname'] as const;

/** A field named after one of the logger's keys is kept under `_<key>` (e.g. Feishu's `msg` → `_msg`). */
function ownFields(fields: Record<string, unknown>): Record<string, unknown> {
  if (!LOGGER_KEYS.some((k) => k in fields)) return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [(LOGGER_KEYS as readonly string[]).includes(k) ? `_${k}` : k, v]));
}

export const silentLogger: Logger = createLogger('silent');
