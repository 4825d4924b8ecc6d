import { createDecipheriv, createHash } from 'node:crypto';
import { sameSecret } from '../../server/http.js';

/** The headers of a signed event request. */
export const SIGNATURE_HEADERS = ['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'] as const;

/**
 * Feishu's signature of an event request: sha256 hex of timestamp + nonce + encrypt key + the raw
 * body, sent in X-Lark-Signature. Checked over the bytes as received (the SDK re-serialises the
 * parsed JSON, which need not match them), in constant time.
 */
export function signatureOf(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
}

export type SignatureProblem = 'missing signature headers' | 'stale timestamp' | 'bad signature';

export function checkSignature(
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  encryptKey: string,
  maxAgeSeconds: number,
  nowMs: number,
): SignatureProblem | null {
  const [timestamp, nonce, signature] = SIGNATURE_HEADERS.map((name) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  });
  if (!timestamp || !nonce || !signature) return 'missing signature headers';
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds) || Math.abs(nowMs / 1000 - seconds) > maxAgeSeconds) return 'stale timestamp';
  return sameSecret(signature, signatureOf(timestamp, nonce, encryptKey, rawBody)) ? null : 'bad signature';
}

/** Decrypts {"encrypt": …}: AES-256-CBC, key sha256(encrypt key), IV the first 16 bytes, PKCS#7. */
export function decryptEvent(encrypted: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < 32 || data.length % 16 !== 0) throw new Error('encrypted event has a wrong length');
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}
