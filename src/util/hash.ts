import { createHash } from 'node:crypto';

/**
 * SHA-256 of bytes or UTF-8 text, as 64 lowercase hex digits (or base64, for CSP hashes).
 * @example sha256('') // => "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
 * @example sha256('', 'base64') // => "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
 */
export function sha256(data: Uint8Array | string, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHash('sha256').update(data).digest(encoding);
}
