import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A uniform [0, 1) generator seeded from the given parts, so equal parts give equal answers. */
export function seededRng(...parts: Array<string | number>): () => number {
  const seed = createHash('sha256').update(parts.join('\u0000')).digest().readInt32BE(0);
  const generator = xoroshiro128plus(seed);
  return () => uniformFloat64(generator);
}
