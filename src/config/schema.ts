import { z } from 'zod';

const number = (fallback: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(fallback);

/**
 * Every setting of the bot, read from the environment (and an optional .env file).
 * Each key is documented in .env.example.
 */
export const configSchema = z.object({
  BULLETINS_DIR: z.string().min(1).default('bulletins'),
  INDEX_DIR: z.string().min(1).default('index'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  ANSWER_MIN_COVERAGE: number(0.52, 0, 1),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(10).max(100_000).default(500),
  HISTORY_TURNS: z.coerce.number().int().min(0).max(100).default(10),
});

export type Config = z.infer<typeof configSchema>;
