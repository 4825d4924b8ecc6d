/**
 * Generates a tiny, deterministic ONNX "sentence embedding" model for tests.
 *
 * Output: test/fixtures/models/test/tiny-zh/ (model id `test/tiny-zh` with
 * `env.localModelPath = 'test/fixtures/models'`), loadable by the
 * @xenova/transformers feature-extraction pipeline with remote loading off.
 *
 * The model is a BERT-shaped graph that only looks up token embeddings:
 *   E = DequantizeLinear(E_int8 [V,D], 1/127, 0)
 *   h = Gather(E, input_ids) + Gather(T [2,D] = 0, token_type_ids)
 *   last_hidden_state = h * Unsqueeze(Cast(attention_mask, float), [-1])
 * Each token's row is a sparse signed random vector (8 of D=64 dims set to
 * ±1), seeded from a hash of the token string, so it does not depend on vocab
 * order. Mean pooling then acts like a random projection of the bag of
 * characters: texts sharing characters get a higher cosine similarity.
 *
 * Run: npm run make-test-model. Running it twice gives byte-identical files.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { float32Bytes, fnv1a, int64Bytes, mulberry32, tensor, valueInfo } from './onnx-helpers.js';

const { onnx } = onnxProto;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'test', 'fixtures', 'models', 'test', 'tiny-zh');

const D = 64;
const NONZERO = 8;
const MAX_POSITIONS = 512;

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const CJK_PUNCTUATION = '，。、；：？！“”‘’（）《》【】—…·％';

function buildVocab(): string[] {
  const tokens: string[] = [];
  const seen = new Set<string>();
  const add = (t: string): void => {
    if (!seen.has(t)) {
      seen.add(t);
      tokens.push(t);
    }
  };

  for (const t of SPECIAL_TOKENS) add(t);

  // Printable ASCII (without space, which the pre-tokenizer never emits).
  for (let c = 0x21; c <= 0x7e; c++) add(String.fromCharCode(c));
  // Continuation pieces so that English words/numbers split into characters.
  for (let c = 0x21; c <= 0x7e; c++) {
    const ch = String.fromCharCode(c);
    if (/[0-9A-Za-z]/.test(ch)) add(`##${ch}`);
  }

  for (const ch of CJK_PUNCTUATION) add(ch);

  // Every Hanzi of GB2312 (rows 16–87: 0xB0A1–0xF7FE).
  const gbk = new TextDecoder('gbk', { fatal: true });
  for (let hi = 0xb0; hi <= 0xf7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      let ch: string;
      try {
        ch = gbk.decode(new Uint8Array([hi, lo]));
      } catch {
        continue;
      }
      // Keep only real Hanzi: GBK maps the 5 unassigned GB2312 codes
      // 0xD7FA–0xD7FE to Private Use Area characters, which are skipped here.
      if (!/^\p{Script=Han}$/u.test(ch)) continue;
      add(ch);
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Deterministic embeddings
// ---------------------------------------------------------------------------

function tokenRow(token: string, row: Int8Array): void {
  row.fill(0);
  if ((SPECIAL_TOKENS as readonly string[]).includes(token)) return;
  const rand = mulberry32(fnv1a(`tiny-zh:${token}`));
  let placed = 0;
  while (placed < NONZERO) {
    const dim = Math.floor(rand() * D);
    const sign = rand() < 0.5 ? -127 : 127;
    if (row[dim] !== 0) continue;
    row[dim] = sign;
    placed++;
  }
}

// ---------------------------------------------------------------------------
// ONNX graph
// ---------------------------------------------------------------------------

const { DataType } = onnx.TensorProto;

function node(opType: string, input: string[], output: string[], attribute: Onnx.IAttributeProto[] = []): Onnx.INodeProto {
  return { opType, name: `${opType}_${output[0]}`, input, output, attribute, domain: '' };
}

function buildModel(vocab: string[]): Uint8Array {
  const V = vocab.length;
  const table = new Int8Array(V * D);
  vocab.forEach((tok, i) => tokenRow(tok, table.subarray(i * D, (i + 1) * D)));

  const initializer: Onnx.ITensorProto[] = [
    tensor('word_embeddings_int8', DataType.INT8, [V, D], new Uint8Array(table.buffer)),
    tensor('word_embeddings_scale', DataType.FLOAT, [], float32Bytes([1 / 127])),
    tensor('word_embeddings_zero_point', DataType.INT8, [], new Uint8Array([0])),
    tensor('token_type_embeddings', DataType.FLOAT, [2, D], float32Bytes(new Float32Array(2 * D))),
    tensor('unsqueeze_axes', DataType.INT64, [1], int64Bytes([-1])),
  ];

  const nodes: Onnx.INodeProto[] = [
    node('DequantizeLinear', ['word_embeddings_int8', 'word_embeddings_scale', 'word_embeddings_zero_point'], ['word_embeddings']),
    node(
      'Gather',
      ['word_embeddings', 'input_ids'],
      ['token_embeds'],
      [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    ),
    node(
      'Gather',
      ['token_type_embeddings', 'token_type_ids'],
      ['type_embeds'],
      [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    ),
    node('Add', ['token_embeds', 'type_embeds'], ['hidden']),
    node('Cast', ['attention_mask'], ['mask_float'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: DataType.FLOAT }]),
    node('Unsqueeze', ['mask_float', 'unsqueeze_axes'], ['mask_expanded']),
    node('Mul', ['hidden', 'mask_expanded'], ['last_hidden_state']),
  ];

  const model: Onnx.IModelProto = {
    irVersion: 8,
    producerName: 'bulletin-qa-bot/scripts/make-test-model.ts',
    producerVersion: '1',
    modelVersion: 1,
    docString: 'Tiny deterministic test model: signed sparse random character embeddings.',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny_zh',
      node: nodes,
      initializer,
      input: [
        valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
        valueInfo('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']),
        valueInfo('token_type_ids', DataType.INT64, ['batch_size', 'sequence_length']),
      ],
      output: [valueInfo('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', D])],
    },
  };

  const err = onnx.ModelProto.verify(model);
  if (err) throw new Error(`invalid ModelProto: ${err}`);
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

// ---------------------------------------------------------------------------
// Tokenizer / config files
// ---------------------------------------------------------------------------

function buildTokenizerJson(vocab: string[]): unknown {
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const id = (t: string): number => {
    const v = ids[t];
    if (v === undefined) throw new Error(`missing token ${t}`);
    return v;
  };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((t) => ({
      id: id(t),
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

function main(): void {
  const vocab = buildVocab();
  const V = vocab.length;

  const files: [string, string | Uint8Array][] = [
    [
      'config.json',
      json({
        _name_or_path: 'test/tiny-zh',
        model_type: 'bert',
        architectures: ['BertModel'],
        hidden_size: D,
        vocab_size: V,
        max_position_embeddings: MAX_POSITIONS,
        type_vocab_size: 2,
        num_hidden_layers: 0,
        num_attention_heads: 1,
        intermediate_size: D,
        pad_token_id: 0,
        layer_norm_eps: 1e-12,
        hidden_act: 'gelu',
        torch_dtype: 'float32',
      }),
    ],
    ['tokenizer.json', json(buildTokenizerJson(vocab))],
    [
      'tokenizer_config.json',
      json({
        tokenizer_class: 'BertTokenizer',
        do_lower_case: true,
        tokenize_chinese_chars: true,
        strip_accents: null,
        model_max_length: MAX_POSITIONS,
        unk_token: '[UNK]',
        sep_token: '[SEP]',
        pad_token: '[PAD]',
        cls_token: '[CLS]',
        mask_token: '[MASK]',
        clean_up_tokenization_spaces: true,
      }),
    ],
    ['onnx/model_quantized.onnx', buildModel(vocab)],
    [
      'embedding.json',
      json({
        dimension: D,
        pooling: 'mean',
        normalize: true,
        queryPrefix: '查询：',
        maxTokens: MAX_POSITIONS,
        // A bag-of-characters model ranks worse than BM25: its ranking counts half in fusion.
        denseWeight: 0.5,
        description: 'Tiny deterministic test model: signed sparse random character embeddings; not for real answers.',
      }),
    ],
    [
      'README.md',
      [
        '# test/tiny-zh — tiny deterministic embedding model for tests',
        `BERT-shaped ONNX graph (opset 13) that only looks up int8 token embeddings (D=${D}, V=${V}) and masks them; no transformer layers.`,
        'Vocabulary: 5 special tokens, printable ASCII (+ "##" continuations for letters/digits), common CJK punctuation and all GB2312 Hanzi.',
        `Each token row has ${NONZERO} nonzero ±1 dims seeded from a hash of the token, so mean pooling ≈ bag-of-characters random projection. Not for real answers.`,
        'Generated by `npm run make-test-model` (scripts/make-test-model.ts); output is byte-for-byte deterministic — regenerate rather than edit.',
        '',
      ].join('\n'),
    ],
  ];

  let total = 0;
  for (const [name, content] of files) {
    const path = join(OUT_DIR, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    const size = statSync(path).size;
    total += size;
    console.log(`${String(size).padStart(9)}  ${relative(ROOT, path)}`);
  }
  console.log(`${String(total).padStart(9)}  total (vocab_size=${V}, hidden_size=${D})`);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

main();
