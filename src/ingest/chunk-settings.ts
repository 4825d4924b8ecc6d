export interface ChunkSettings {
  /** Upper bound of a chunk in characters (≈ tokens for Chinese with a BERT tokenizer). */
  maxChars: number;
  /** Chunks shorter than this keep collecting across lower-level section boundaries. */
  minChars: number;
  /** Trailing sentences of a full chunk repeated at the start of the next one, up to this many characters. */
  overlapChars: number;
}

export const DEFAULT_CHUNK_SETTINGS: ChunkSettings = { maxChars: 360, minChars: 140, overlapChars: 80 };
