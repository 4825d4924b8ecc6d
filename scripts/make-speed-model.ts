/**
 * Generates a SPEED-ONLY BERT encoder with the layer shapes of
 * bge-small-zh-v1.5 (4 layers, hidden 512, 8 heads × 64, FFN 2048,
 * vocab 21128, 512 positions) and deterministic pseudo-random weights.
 *
 * The weights are meaningless: this model exists only to time embedding on
 * the local CPU without downloading the real model. NEVER use it for answers.
 *
 * Output: models/speed/bge-small-shape/ (model id `speed/bge-small-shape` with
 * `env.localModelPath = 'models'`), loadable by the @xenova/transformers
 * feature-extraction pipeline:
 *   config.json, tokenizer.json + tokenizer_config.json (copied from the tiny
 *   test model, ids < 21128), embedding.json,
 *   onnx/model.onnx            float32 weights everywhere,
 *   onnx/model_quantized.onnx  like Xenova's dynamic-quantized exports: every
 *     weight MatMul stored int8 and computed as
 *     DynamicQuantizeLinear(x) → MatMulInteger → Cast → Mul(x_scale·w_scale);
 *     word embeddings stored int8 + DequantizeLinear; the rest float32.
 *
 * Graph (opset 17, LayerNormalization op):
 *   h = LN(word[input_ids] + pos[Range(0, seq)] + type[token_type_ids])
 *   mask = (1 - Cast(Unsqueeze(attention_mask, [1, 2]))) * -10000  [b,1,1,s]
 *   per layer: self-attention (8 heads, /8, +mask, Softmax) → dense → +res → LN
 *              → dense 2048 → GELU(erf) → dense 512 → +res → LN
 *   last_hidden_state [batch, seq, 512]
 *
 * Run: npm run make-speed-model. Output is byte-for-byte deterministic.
 */
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { float32Bytes, fnv1a, int64Bytes, mulberry32, tensor, valueInfo } from './onnx-helpers.js';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;
const AttrType = onnx.AttributeProto.AttributeType;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'models', 'speed', 'bge-small-shape');
const TOKENIZER_DIR = join(ROOT, 'test', 'fixtures', 'models', 'test', 'tiny-zh');

const HIDDEN = 512;
const LAYERS = 4;
const HEADS = 8;
const HEAD_DIM = HIDDEN / HEADS;
const FFN = 2048;
const VOCAB = 21128;
const MAX_POSITIONS = 512;
const TYPE_VOCAB = 2;
const LN_EPS = 1e-12;
const INIT_RANGE = 0.02;

// ---------------------------------------------------------------------------
// Deterministic weights
// ---------------------------------------------------------------------------

/** Uniform ±INIT_RANGE values, seeded by the tensor name. */
function randomWeights(name: string, size: number): Float32Array {
  const rand = mulberry32(fnv1a(`bge-small-shape:${name}`));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rand() * 2 - 1) * INIT_RANGE;
  return out;
}

/** Symmetric per-tensor int8 quantization (zero point 0). */
function quantizeInt8(w: Float32Array): { q: Int8Array; scale: number } {
  let max = 0;
  for (const v of w) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 127 : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / scale)));
  return { q, scale };
}

// ---------------------------------------------------------------------------
// Protobuf helpers
// ---------------------------------------------------------------------------

function bytesOf(view: ArrayBufferView): Uint8Array {
  // Typed arrays are little-endian on every platform Node supports in practice,
  // which matches ONNX raw_data.
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

const intAttr = (name: string, i: number): Onnx.IAttributeProto => ({ name, type: AttrType.INT, i });
const floatAttr = (name: string, f: number): Onnx.IAttributeProto => ({ name, type: AttrType.FLOAT, f });
const intsAttr = (name: string, ints: number[]): Onnx.IAttributeProto => ({
  name,
  type: AttrType.INTS,
  ints,
});

// ---------------------------------------------------------------------------
// Graph builder
// ---------------------------------------------------------------------------

class GraphBuilder {
  readonly nodes: Onnx.INodeProto[] = [];
  readonly initializers: Onnx.ITensorProto[] = [];

  constructor(private readonly quantized: boolean) {}

  op(opType: string, input: string[], output: string, attribute: Onnx.IAttributeProto[] = []): string {
    this.nodes.push({ opType, name: `${opType}_${output}`, input, output: [output], attribute, domain: '' });
    return output;
  }

  opMulti(opType: string, input: string[], output: string[], attribute: Onnx.IAttributeProto[] = []): string[] {
    this.nodes.push({ opType, name: `${opType}_${output[0]}`, input, output, attribute, domain: '' });
    return output;
  }

  float(name: string, dims: number[], values: ArrayLike<number>): string {
    this.initializers.push(tensor(name, DataType.FLOAT, dims, float32Bytes(values)));
    return name;
  }

  int64(name: string, dims: number[], values: number[]): string {
    this.initializers.push(tensor(name, DataType.INT64, dims, int64Bytes(values)));
    return name;
  }

  int8(name: string, dims: number[], values: Int8Array): string {
    this.initializers.push(tensor(name, DataType.INT8, dims, bytesOf(values)));
    return name;
  }

  /** x [.., in] · W [in, out] + b, with W float32 or int8 (dynamic quantization). */
  linear(prefix: string, x: string, inDim: number, outDim: number): string {
    const w = randomWeights(`${prefix}.weight`, inDim * outDim);
    const bias = this.float(`${prefix}.bias`, [outDim], new Float32Array(outDim));
    let y: string;
    if (!this.quantized) {
      const W = this.float(`${prefix}.weight`, [inDim, outDim], w);
      y = this.op('MatMul', [x, W], `${prefix}.matmul`);
    } else {
      const { q, scale } = quantizeInt8(w);
      const Wq = this.int8(`${prefix}.weight_quantized`, [inDim, outDim], q);
      const wScale = this.float(`${prefix}.weight_scale`, [], [scale]);
      const wZero = this.int8(`${prefix}.weight_zero_point`, [], new Int8Array(1));
      const [xq, xScale, xZero] = this.opMulti(
        'DynamicQuantizeLinear',
        [x],
        [`${prefix}.x_quantized`, `${prefix}.x_scale`, `${prefix}.x_zero_point`],
      ) as [string, string, string];
      const acc = this.op('MatMulInteger', [xq, Wq, xZero, wZero], `${prefix}.matmul_int32`);
      const accF = this.op('Cast', [acc], `${prefix}.matmul_int32_float`, [intAttr('to', DataType.FLOAT)]);
      const s = this.op('Mul', [xScale, wScale], `${prefix}.scale`);
      y = this.op('Mul', [accF, s], `${prefix}.matmul`);
    }
    return this.op('Add', [y, bias], `${prefix}.out`);
  }

  layerNorm(prefix: string, x: string): string {
    const gamma = this.float(`${prefix}.weight`, [HIDDEN], new Float32Array(HIDDEN).fill(1));
    const beta = this.float(`${prefix}.bias`, [HIDDEN], new Float32Array(HIDDEN));
    return this.op('LayerNormalization', [x, gamma, beta], `${prefix}.out`, [intAttr('axis', -1), floatAttr('epsilon', LN_EPS)]);
  }
}

function buildModel(quantized: boolean): Uint8Array {
  const g = new GraphBuilder(quantized);

  // --- Shapes: batch, seq (symbolic) -------------------------------------
  const shape = g.op('Shape', ['input_ids'], 'input_shape');
  g.int64('const_0', [], [0]);
  g.int64('const_1', [], [1]);
  g.int64('axes_0', [1], [0]);
  const batch = g.op('Gather', [shape, 'const_0'], 'batch_size', [intAttr('axis', 0)]);
  const seq = g.op('Gather', [shape, 'const_1'], 'seq_len', [intAttr('axis', 0)]);
  const batch1 = g.op('Unsqueeze', [batch, 'axes_0'], 'batch_size_1d');
  const seq1 = g.op('Unsqueeze', [seq, 'axes_0'], 'seq_len_1d');
  g.int64('heads_head_dim', [2], [HEADS, HEAD_DIM]);
  g.int64('hidden_1d', [1], [HIDDEN]);
  const shape4 = g.op('Concat', [batch1, seq1, 'heads_head_dim'], 'shape_b_s_h_d', [intAttr('axis', 0)]);
  const shape3 = g.op('Concat', [batch1, seq1, 'hidden_1d'], 'shape_b_s_hidden', [intAttr('axis', 0)]);

  // --- Embeddings ---------------------------------------------------------
  const wordW = randomWeights('embeddings.word_embeddings', VOCAB * HIDDEN);
  let wordTable: string;
  if (quantized) {
    const { q, scale } = quantizeInt8(wordW);
    g.int8('embeddings.word_embeddings_quantized', [VOCAB, HIDDEN], q);
    g.float('embeddings.word_embeddings_scale', [], [scale]);
    g.int8('embeddings.word_embeddings_zero_point', [], new Int8Array(1));
    wordTable = g.op(
      'DequantizeLinear',
      ['embeddings.word_embeddings_quantized', 'embeddings.word_embeddings_scale', 'embeddings.word_embeddings_zero_point'],
      'embeddings.word_embeddings',
    );
  } else {
    wordTable = g.float('embeddings.word_embeddings', [VOCAB, HIDDEN], wordW);
  }
  const posTable = g.float(
    'embeddings.position_embeddings',
    [MAX_POSITIONS, HIDDEN],
    randomWeights('embeddings.position_embeddings', MAX_POSITIONS * HIDDEN),
  );
  const typeTable = g.float(
    'embeddings.token_type_embeddings',
    [TYPE_VOCAB, HIDDEN],
    randomWeights('embeddings.token_type_embeddings', TYPE_VOCAB * HIDDEN),
  );
  const positionIds = g.op('Range', ['const_0', seq, 'const_1'], 'position_ids');
  const wordE = g.op('Gather', [wordTable, 'input_ids'], 'embeddings.word', [intAttr('axis', 0)]);
  const posE = g.op('Gather', [posTable, positionIds], 'embeddings.position', [intAttr('axis', 0)]);
  const typeE = g.op('Gather', [typeTable, 'token_type_ids'], 'embeddings.token_type', [intAttr('axis', 0)]);
  const sum1 = g.op('Add', [wordE, typeE], 'embeddings.sum_word_type');
  const sum2 = g.op('Add', [sum1, posE], 'embeddings.sum');
  let hidden = g.layerNorm('embeddings.LayerNorm', sum2);

  // --- Extended attention mask [b,1,1,s] ----------------------------------
  g.int64('axes_1_2', [2], [1, 2]);
  g.float('const_one_f', [], [1]);
  g.float('const_mask_neg', [], [-10000]);
  g.float('const_sqrt_head_dim', [], [Math.sqrt(HEAD_DIM)]);
  g.float('const_sqrt2', [], [Math.SQRT2]);
  g.float('const_half', [], [0.5]);
  const m1 = g.op('Unsqueeze', ['attention_mask', 'axes_1_2'], 'mask_b_1_1_s');
  const m2 = g.op('Cast', [m1], 'mask_float', [intAttr('to', DataType.FLOAT)]);
  const m3 = g.op('Sub', ['const_one_f', m2], 'mask_inverted');
  const extMask = g.op('Mul', [m3, 'const_mask_neg'], 'extended_attention_mask');

  // --- Encoder layers ------------------------------------------------------
  for (let l = 0; l < LAYERS; l++) {
    const p = `encoder.layer.${l}`;
    const heads = (name: string, x: string, perm: number[]): string => {
      const r = g.op('Reshape', [x, shape4], `${p}.attention.${name}_heads`);
      return g.op('Transpose', [r], `${p}.attention.${name}_t`, [intsAttr('perm', perm)]);
    };
    const q = g.linear(`${p}.attention.self.query`, hidden, HIDDEN, HIDDEN);
    const k = g.linear(`${p}.attention.self.key`, hidden, HIDDEN, HIDDEN);
    const v = g.linear(`${p}.attention.self.value`, hidden, HIDDEN, HIDDEN);
    const qt = heads('q', q, [0, 2, 1, 3]); // [b,h,s,d]
    const kt = heads('k', k, [0, 2, 3, 1]); // [b,h,d,s]
    const vt = heads('v', v, [0, 2, 1, 3]); // [b,h,s,d]
    const scores = g.op('MatMul', [qt, kt], `${p}.attention.scores`);
    const scaled = g.op('Div', [scores, 'const_sqrt_head_dim'], `${p}.attention.scores_scaled`);
    const masked = g.op('Add', [scaled, extMask], `${p}.attention.scores_masked`);
    const probs = g.op('Softmax', [masked], `${p}.attention.probs`, [intAttr('axis', -1)]);
    const ctx = g.op('MatMul', [probs, vt], `${p}.attention.context`);
    const ctxT = g.op('Transpose', [ctx], `${p}.attention.context_t`, [intsAttr('perm', [0, 2, 1, 3])]);
    const ctx3 = g.op('Reshape', [ctxT, shape3], `${p}.attention.context_merged`);
    const attnOut = g.linear(`${p}.attention.output.dense`, ctx3, HIDDEN, HIDDEN);
    const res1 = g.op('Add', [attnOut, hidden], `${p}.attention.output.residual`);
    const h1 = g.layerNorm(`${p}.attention.output.LayerNorm`, res1);

    const inter = g.linear(`${p}.intermediate.dense`, h1, HIDDEN, FFN);
    const gDiv = g.op('Div', [inter, 'const_sqrt2'], `${p}.intermediate.gelu_div`);
    const gErf = g.op('Erf', [gDiv], `${p}.intermediate.gelu_erf`);
    const gAdd = g.op('Add', [gErf, 'const_one_f'], `${p}.intermediate.gelu_add`);
    const gMul = g.op('Mul', [inter, gAdd], `${p}.intermediate.gelu_mul`);
    const gelu = g.op('Mul', [gMul, 'const_half'], `${p}.intermediate.gelu`);
    const out = g.linear(`${p}.output.dense`, gelu, FFN, HIDDEN);
    const res2 = g.op('Add', [out, h1], `${p}.output.residual`);
    hidden = g.layerNorm(`${p}.output.LayerNorm`, res2);
  }
  g.op('Identity', [hidden], 'last_hidden_state');

  const model: Onnx.IModelProto = {
    irVersion: 8,
    producerName: 'bulletin-qa-bot/scripts/make-speed-model.ts',
    producerVersion: '1',
    modelVersion: 1,
    docString:
      'SPEED-ONLY BERT encoder with bge-small-zh-v1.5 shapes and random weights; never use for answers.' +
      (quantized ? ' Weights of MatMuls int8 (dynamic quantization).' : ''),
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'bge_small_shape',
      node: g.nodes,
      initializer: g.initializers,
      input: [
        valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
        valueInfo('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']),
        valueInfo('token_type_ids', DataType.INT64, ['batch_size', 'sequence_length']),
      ],
      output: [valueInfo('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', HIDDEN])],
    },
  };

  const err = onnx.ModelProto.verify(model);
  if (err) throw new Error(`invalid ModelProto: ${err}`);
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function main(): void {
  const started = performance.now();
  const files: [string, () => string | Uint8Array][] = [
    [
      'config.json',
      () =>
        json({
          _name_or_path: 'speed/bge-small-shape',
          model_type: 'bert',
          architectures: ['BertModel'],
          hidden_size: HIDDEN,
          num_hidden_layers: LAYERS,
          num_attention_heads: HEADS,
          intermediate_size: FFN,
          vocab_size: VOCAB,
          max_position_embeddings: MAX_POSITIONS,
          type_vocab_size: TYPE_VOCAB,
          pad_token_id: 0,
          layer_norm_eps: LN_EPS,
          hidden_act: 'gelu',
          hidden_dropout_prob: 0.1,
          attention_probs_dropout_prob: 0.1,
          initializer_range: INIT_RANGE,
          position_embedding_type: 'absolute',
          torch_dtype: 'float32',
        }),
    ],
    [
      'embedding.json',
      () =>
        json({
          dimension: HIDDEN,
          pooling: 'cls',
          normalize: true,
          queryPrefix: '为这个句子生成表示以用于检索相关文章：',
          maxTokens: MAX_POSITIONS,
          description: 'speed-only random weights',
        }),
    ],
    ['onnx/model.onnx', () => buildModel(false)],
    ['onnx/model_quantized.onnx', () => buildModel(true)],
  ];

  let total = 0;
  const report = (path: string): void => {
    const size = statSync(path).size;
    total += size;
    console.log(`${String(size).padStart(10)}  ${relative(ROOT, path)}`);
  };
  mkdirSync(join(OUT_DIR, 'onnx'), { recursive: true });
  for (const name of ['tokenizer.json', 'tokenizer_config.json']) {
    const path = join(OUT_DIR, name);
    copyFileSync(join(TOKENIZER_DIR, name), path);
    report(path);
  }
  for (const [name, make] of files) {
    const path = join(OUT_DIR, name);
    writeFileSync(path, make());
    report(path);
  }
  console.log(`${String(total).padStart(10)}  total`);
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
