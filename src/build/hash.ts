import { createHash } from 'node:crypto';

/**
 * SHA-256 of bytes or UTF-8 text, as 64 lowercase hex digits.
 * @example sha256Hex('') // => "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
 */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
