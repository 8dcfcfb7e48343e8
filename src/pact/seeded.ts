import { createHash } from 'node:crypto';

/** A number in [0, 1) derived only from the seed and a key: the same inputs give the same choice. */
export function seededUnit(seed: number | string, key: string): number {
  return createHash('sha256').update(`${seed}\u0000${key}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}

/** Picks one element of a non-empty list from the seed and a key. */
export function seededPick<T>(list: readonly T[], seed: number | string, key: string): T {
  return list[Math.floor(seededUnit(seed, key) * list.length)];
}

/** Hex sha256 of the parts, truncated: stable ids that do not depend on the seed. */
export function stableId(parts: readonly string[], length = 16): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}
