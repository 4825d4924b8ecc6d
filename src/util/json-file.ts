import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { AppError } from './app-error.js';

/** A JSON file (an index file, a state file, a question set) that is missing, not JSON, or not of its shape. */
export class JsonFileError extends AppError {
  override readonly name = 'JsonFileError';
  constructor(
    /** The file, or a line of it. */
    readonly what: string,
    /** What is wrong with it: "cannot be read (ENOENT)", "is not JSON", "is not of the expected shape (…)". */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${what} ${problem}`, options);
  }
}

/** The JSON value of a text, or undefined when it is not JSON (a torn line, a damaged file). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Text read from disk as the schema says it must be: the value, or a JsonFileError naming `what`
 * (a file, a line of it) and the first thing wrong with it.
 */
export function parseJson<S extends z.ZodType>(text: string, schema: S, what: string): z.output<S> {
  const json = safeJson(text);
  if (json === undefined) throw new JsonFileError(what, 'is not JSON');
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new JsonFileError(what, `is not of the expected shape (${issues.join('; ')})`);
  }
  return parsed.data;
}

/** Reads and checks a JSON file; a missing or unreadable file is a JsonFileError too, with the cause. */
export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new JsonFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return parseJson(text, schema, file);
}

export function readJsonFileSync<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new JsonFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return parseJson(text, schema, file);
}
