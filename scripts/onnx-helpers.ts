/** Building blocks shared by the model generators (make-test-model, make-speed-model). */
import type { onnx as Onnx } from 'onnx-proto';

/** FNV-1a 32-bit hash over the UTF-8 bytes of `s`. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32 PRNG: returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Little-endian int64 raw data, as ONNX stores it. */
export function int64Bytes(values: number[]): Uint8Array {
  const buf = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => buf.writeBigInt64LE(BigInt(v), i * 8));
  return new Uint8Array(buf);
}

/** Little-endian float32 raw data. */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i]!, i * 4);
  return new Uint8Array(buf);
}

export function tensor(name: string, dataType: number, dims: number[], rawData: Uint8Array): Onnx.ITensorProto {
  return { name, dataType, dims, rawData };
}

/** A graph input or output; string dims are symbolic (batch, sequence). */
export function valueInfo(name: string, elemType: number, dims: (string | number)[]): Onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}
