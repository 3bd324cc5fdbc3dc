/**
 * The key of an unordered place pair: the same for a → b and b → a (the two names in code-point
 * order, joined by U+0000, which no place name holds: the reader refuses control characters).
 * @example pairKey('Japan', 'Iturup') === pairKey('Iturup', 'Japan') // => true
 */
export function pairKey(origin: string, destination: string): string {
  return origin < destination ? `${origin}\u0000${destination}` : `${destination}\u0000${origin}`;
}
