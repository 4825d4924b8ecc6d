import path from 'node:path';
import { manifestSchema, MANIFEST_FILE, type Manifest } from '../../src/store/manifest.js';
import { readJsonFileSync } from '../../src/util/json-file.js';

/** The manifest an ingest wrote, read through its schema as the program reads it. */
export function manifestOf(indexDir: string): Manifest {
  return readJsonFileSync(path.join(indexDir, MANIFEST_FILE), manifestSchema);
}

/** A JSON object a test looks into (a log line, a request a fake server received, a state file). */
export type Json = Record<string, unknown>;

/** Parses a JSON object; anything else fails the test with the text. */
export function jsonObject(text: string): Json {
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`not a JSON object: ${text.slice(0, 200)}`);
  return value as Json;
}

/** The `msg` of a JSON log line. */
export function logMessage(line: string): string {
  return String(jsonObject(line).msg);
}
