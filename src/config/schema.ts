import path from 'node:path';
import { z } from 'zod';

const number = (fallback: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(fallback);
const integer = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
/** "true"/"false" (also 1/0, yes/no); z.coerce.boolean would read "false" as true. */
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting of the bot, read from the environment (and an optional .env file).
 * Each key is documented in .env.example.
 */
const configObject = z.object({
  BULLETINS_DIR: z.string().min(1).default('bulletins'),
  INDEX_DIR: z.string().min(1).default('index'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Unset: JSON lines for the services (serve, telegram, feishu), short text for the commands. */
  LOG_FORMAT: z.enum(['json', 'text']).optional(),
  HEALTH_PORT: integer(8081, 0, 65535),
  HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
  /** Unset: the fitted bar in data/answer-weights.json. */
  ANSWER_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).optional(),
  CONTEXT_MAX_CHARS: integer(12_000, 1000, 200_000),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(10).max(100_000).default(500),
  HISTORY_TURNS: z.coerce.number().int().min(0).max(100).default(10),
  HISTORY_MAX_CHARS: integer(4000, 200, 100_000),

  LLM_BASE_URL: z.url().default('https://api.deepseek.com/v1'),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().min(1).default('deepseek-chat'),
  LLM_TEMPERATURE: number(0.2, 0, 2),
  LLM_MAX_TOKENS: integer(800, 16, 32_000),
  LLM_TIMEOUT_MS: integer(30_000, 1000, 600_000),
  LLM_MAX_RETRIES: integer(2, 0, 10),
  LLM_RETRY_MAX_WAIT_MS: integer(20_000, 0, 600_000),
  PROMPTS_DIR: z.string().min(1).default('prompts'),

  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'expected a token like 123456:ABC-DEF…')
    .optional(),
  /** The Bot API server (a self-hosted one). @default https://api.telegram.org */
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  /** polling (no public URL needed) | webhook. @default polling */
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
  /** The public URL registered with Telegram at start-up; unset: registered by hand. */
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  /** Where the webhook server listens. @default 0.0.0.0 */
  TELEGRAM_WEBHOOK_HOST: z.string().min(1).default('0.0.0.0'),
  /** @default 8443 */
  TELEGRAM_WEBHOOK_PORT: integer(8443, 0, 65535),
  /** @default /telegram/webhook */
  TELEGRAM_WEBHOOK_PATH: z.string().startsWith('/').default('/telegram/webhook'),
  /** Sent by Telegram in X-Telegram-Bot-Api-Secret-Token; required in webhook mode. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, "letters, digits, _ and - only (Telegram's rule)")
    .optional(),
  /** Comma-separated user ids allowed to ask. @default (empty: everyone) */
  TELEGRAM_ALLOWED_USERS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'a comma-separated list of numeric user ids')
    .optional()
    .transform((v) => (v ? v.split(',').map((x) => Number(x.trim())) : [])),
  /** mention: answer in groups when @mentioned, replied to or commanded; off: never in groups. @default mention */
  TELEGRAM_GROUPS: z.enum(['mention', 'off']).default('mention'),
  /** Questions per user per minute. @default 10 */
  TELEGRAM_RATE_LIMIT_PER_MINUTE: integer(10, 1, 1000),
  /** A 429's retry_after is waited out up to this; longer, the call fails. @default 30 */
  TELEGRAM_MAX_RETRY_AFTER_S: integer(30, 0, 3600),
  /** A streamed answer's message is edited at most this often. @default 1500 */
  TELEGRAM_EDIT_INTERVAL_MS: integer(1500, 300, 60_000),

  RETRIEVAL_MODE: z.enum(['hybrid', 'dense', 'keyword']).default('hybrid'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/bge-small-zh-v1.5'),
  MODELS_DIR: z.string().min(1).default('models'),
  MODEL_REMOTE_HOST: z.url().default('https://huggingface.co/'),
  MODEL_ALLOW_DOWNLOAD: flag(true),
  EMBEDDING_QUANTIZED: flag(true),
  EMBEDDING_BATCH_SIZE: integer(16, 1, 256),
  EMBEDDING_THREADS: integer(0, 0, 64),
  HNSW_M: integer(16, 4, 128),
  HNSW_EF_CONSTRUCTION: integer(200, 10, 2000),
  HNSW_EF_SEARCH: integer(64, 10, 2000),
  FUSION_KEYWORD_WEIGHT: number(1, 0, 10),
  /** Unset: the model's own weight (embedding.json or the built-in settings). */
  FUSION_DENSE_WEIGHT: z.coerce.number().min(0).max(10).optional(),
  FUSION_RRF_K: number(60, 1, 1000),

  FEISHU_APP_ID: z.string().min(1).optional(),
  FEISHU_APP_SECRET: z.string().min(1).optional(),
  /** feishu | lark | a base URL (a private deployment, or a test's fake Open API). @default feishu */
  FEISHU_DOMAIN: z.union([z.enum(['feishu', 'lark']), z.url()]).default('feishu'),
  /** ws: the SDK's long connection (no public URL needed) | webhook. @default ws */
  FEISHU_MODE: z.enum(['ws', 'webhook']).default('ws'),
  /** @default 0.0.0.0 */
  FEISHU_WEBHOOK_HOST: z.string().min(1).default('0.0.0.0'),
  /** @default 8080 */
  FEISHU_WEBHOOK_PORT: integer(8080, 0, 65535),
  /** @default /feishu/events */
  FEISHU_WEBHOOK_PATH: z.string().startsWith('/').default('/feishu/events'),
  /** From the console's Events and callbacks page; required in webhook mode. */
  FEISHU_VERIFICATION_TOKEN: z.string().min(1).optional(),
  /** Signs and encrypts events; required in webhook mode. */
  FEISHU_ENCRYPT_KEY: z.string().min(1).optional(),
  /** Signed events older than this are rejected (their signature could be a replay). @default 300 */
  FEISHU_MAX_EVENT_AGE_S: integer(300, 10, 86_400),
  /** Questions per user per minute. @default 10 */
  FEISHU_RATE_LIMIT_PER_MINUTE: integer(10, 1, 1000),
  /** A streamed answer's card is updated at most this often. @default 1500 */
  FEISHU_UPDATE_INTERVAL_MS: integer(1500, 300, 60_000),
  /** Where state that must survive a restart is kept (the Feishu de-duplication store). @default state */
  STATE_DIR: z.string().min(1).default('state'),
  /** Telegram users (comma-separated numeric ids) who may add a bulletin by sending its file in a private chat. @default (empty: nobody) */
  TELEGRAM_ADMIN_IDS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'a comma-separated list of numeric user ids')
    .optional()
    .transform((v) => (v ? v.split(',').map((x) => x.trim()) : [])),
  /** Feishu users (comma-separated open_ids, ou_…) who may add a bulletin by sending its file in a private chat. @default (empty: nobody) */
  FEISHU_ADMIN_OPEN_IDS: z
    .string()
    .regex(/^\s*ou_\w+(\s*,\s*ou_\w+)*\s*$/, 'a comma-separated list of open_ids (ou_…)')
    .optional()
    .transform((v) => (v ? v.split(',').map((x) => x.trim()) : [])),
  /** A bulletin file sent by an admin larger than this is refused before it is downloaded. @default 30 */
  MAX_UPLOAD_MB: integer(30, 1, 2000),
  /**
   * Pages without a text layer read by OCR per PDF at most (≈6–10 s a page on two cores: 40 pages
   * take 4–7 minutes, inside the 10-minute limit of an upload's parse); a PDF with more is refused
   * at once, naming its pages. @default 40
   */
  OCR_MAX_PAGES: integer(40, 0, 2000),
  /** serve: ingest BULLETINS_DIR in the background whenever a file is added, changed or removed. @default true */
  WATCH_BULLETINS: flag(true),
  /** serve: changes in BULLETINS_DIR are ingested once they have been quiet this long. @default 2000 */
  INGEST_DEBOUNCE_MS: integer(2000, 0, 600_000),
  /** The question and vote log under STATE_DIR is rotated at this size. @default 10 */
  FEEDBACK_LOG_MAX_MB: integer(10, 1, 10_000),
  /** Rotated question and vote logs kept besides the current one. @default 5 */
  FEEDBACK_LOG_FILES: integer(5, 1, 1000),
  /** 查看原文 and the REPL's /page: a cited page is rendered this many pixels across (readable on a phone). @default 1200 */
  PAGE_IMAGE_WIDTH: integer(1200, 400, 4000),
  /** Rendered pages and cut articles are cached under STATE_DIR up to this many MB (least recently used go first). @default 200 */
  PAGE_CACHE_MB: integer(200, 1, 100_000),
  /** Where the REPL's /good and /bad append cases. @default eval-cases.jsonl under STATE_DIR */
  EVAL_CASES_FILE: z.string().min(1).optional(),
});

export const configSchema = configObject
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_MODE === 'webhook' && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'required when TELEGRAM_MODE=webhook (Telegram sends it with every update)',
      });
    }
    // The SDK's long connection checks the app id against this and silently does nothing otherwise.
    if (c.FEISHU_MODE === 'ws' && c.FEISHU_APP_ID && !/^cli_[0-9a-fA-F]{16}$/.test(c.FEISHU_APP_ID)) {
      ctx.addIssue({
        code: 'custom',
        path: ['FEISHU_APP_ID'],
        message: 'not an app id (cli_ and 16 hex digits), which the long connection (FEISHU_MODE=ws) needs',
      });
    }
    if (c.FEISHU_MODE === 'webhook') {
      for (const key of ['FEISHU_VERIFICATION_TOKEN', 'FEISHU_ENCRYPT_KEY'] as const) {
        if (!c[key])
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'required when FEISHU_MODE=webhook (events are verified and decrypted with it)',
          });
      }
    }
  })
  // Defaults that follow from other keys.
  .transform((c) => ({ ...c, EVAL_CASES_FILE: c.EVAL_CASES_FILE ?? path.join(c.STATE_DIR, 'eval-cases.jsonl') }));

export type Config = z.infer<typeof configSchema>;

/** Every key the configuration reads (each is documented in .env.example). */
export const CONFIG_KEYS = Object.keys(configObject.shape);
