/**
 * Of items that share a key, the last one; and each earlier one with the item
 * that replaced it. Items are found again by a hash of their key, not by the
 * key itself: the key strings of a 200 000-row file held in a map were a third
 * of an upload's peak memory. Keys of one hash are told apart by the keys
 * themselves (`byKey`), so a collision never merges two items.
 */
export function lastOfEachKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  hash: (key: string) => number = hash53,
): { kept: T[]; replaced: { earlier: T; by: T }[] } {
  const byHash = new Map<number, T>();
  const byKey = new Map<string, T>();
  const replaced: { earlier: T; by: T }[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const h = hash(key);
    const sameHash = byHash.get(h);
    let earlier: T | undefined;
    if (sameHash === undefined) byHash.set(h, item);
    else if (keyOf(sameHash) === key) {
      earlier = sameHash;
      byHash.set(h, item);
    } else {
      earlier = byKey.get(key);
      byKey.set(key, item);
    }
    if (earlier !== undefined) replaced.push({ earlier, by: item });
  }
  const gone = new Set(replaced.map((r) => r.earlier));
  return { kept: items.filter((item) => !gone.has(item)), replaced };
}

/** Two 32-bit FNV-1a hashes of the text (the second with a different offset and mixing) as one integer of 53 bits. */
export function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
