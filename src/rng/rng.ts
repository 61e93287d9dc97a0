// Seeded randomness: every random choice the twin makes comes from here, so a seed replays a run.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  uint32(): number;
  pick<T>(items: readonly T[]): T;
}

/** FNV-1a over the parts, so a job's stream depends on (seed, api, sequence) and nothing else. */
export function hashSeed(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for simulation (not for secrets). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const uint32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = () => uint32() / 4294967296;
  return {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

/** An RFC 4122 version-4 uuid drawn from the rng. */
export function uuidFrom(rng: Rng): string {
  const hex: string[] = [];
  for (let i = 0; i < 4; i++) hex.push(rng.uint32().toString(16).padStart(8, '0'));
  const h = hex.join('');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  // join() yields one flat string; a template of slices would keep a tree of string pieces per id.
  return [h.slice(0, 8), h.slice(8, 12), `4${h.slice(13, 16)}`, `${variant}${h.slice(17, 20)}`, h.slice(20, 32)].join('-');
}

/** The alphabet of token ids (Crockford's base 32). */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function tokenFrom(rng: Rng, length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(CROCKFORD[rng.uint32() & 31]);
  return out.join('');
}
