// numpy's legacy RandomState over MT19937, reproducing its integer seeding and its draws bit for bit.
import { sha256Hex } from '../lib/sha256.ts';

const N = 624;
const M = 397;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

export interface RandomStateSnapshot {
  key: number[];
  pos: number;
}

export class RandomState {
  // The same 624 words twice: signed for arithmetic that stays in V8's small-integer fast path, unsigned for callers.
  private readonly state = new Int32Array(N);
  readonly key = new Uint32Array(this.state.buffer);
  pos = N;
  /** Calls made (uniform, randint, array draws), as the golden traces count them. */
  calls = 0;
  /** When set, each call appends its golden-trace label: `u`, `i<lo>,<hi>`, `U<lo>,<hi>,<w>x<h>`. */
  log: string[] | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  // numpy's init_genrand; the seed must fit in 32 bits as numpy requires.
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`RandomState seed must be an integer in [0, 2**32 - 1], got ${seed}`);
    }
    const mt = this.key;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.pos = N;
  }

  private twist(): void {
    const mt = this.state;
    // Branch-free: -(y & 1) is all ones exactly when the low bit is set.
    let i = 0;
    for (; i < N - M; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
      mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < N - 1; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
      mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }

  nextUint32(): number {
    if (this.pos >= N) this.twist();
    return temper(this.state[this.pos++]) >>> 0;
  }


  // Advance past `count` 32-bit outputs without tempering them: same state as drawing them.
  skipUint32(count: number): void {
    let left = count;
    while (left > 0) {
      if (this.pos >= N) this.twist();
      const take = Math.min(left, N - this.pos);
      this.pos += take;
      left -= take;
    }
  }

  /** `RandomState.uniform()`: a double in [0, 1) from two 32-bit outputs. */
  uniform(): number {
    this.calls++;
    if (this.log) this.log.push('u');
    return this.nextDouble();
  }

  private nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `RandomState.uniform(low, high, shape)` in C order, as one call. */
  uniformArray(low: number, high: number, shape: readonly number[], out: Float64Array = new Float64Array(product(shape))): Float64Array {
    const count = product(shape);
    this.countCall(low, high, shape);
    const range = high - low;
    const mt = this.state;
    let pos = this.pos;
    // No intermediate buffer: night frames draw 3087 of these per step.
    for (let i = 0; i < count; i++) {
      if (pos >= N) {
        this.twist();
        pos = 0;
      }
      const a = temper(mt[pos++]);
      if (pos >= N) {
        this.twist();
        pos = 0;
      }
      const b = temper(mt[pos++]);
      out[i] = low + range * (((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992);
    }
    this.pos = pos;
    return out;
  }

  /** Consume the draws of `uniform(low, high, shape)` without computing them. */
  skipUniforms(low: number, high: number, shape: readonly number[]): void {
    this.countCall(low, high, shape);
    this.skipUint32(2 * product(shape));
  }

  private countCall(low: number, high: number, shape: readonly number[]): void {
    this.calls++;
    if (this.log) this.log.push(`U${low},${high},${shape.join('x')}`);
  }

  /** `RandomState.randint(low, high)` for ranges that fit in 32 bits (masked rejection sampling). */
  randint(low: number, high: number): number {
    if (!(high > low)) throw new RangeError(`randint: high (${high}) must be greater than low (${low})`);
    this.calls++;
    if (this.log) this.log.push(`i${low},${high}`);
    const range = high - low - 1;
    if (range === 0) return low;
    if (range > 0xffffffff) throw new RangeError('randint: ranges beyond 32 bits are not supported');
    if (range === 0xffffffff) return low + this.nextUint32();
    let mask = range;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > range);
    return low + value;
  }

  snapshot(): RandomStateSnapshot {
    return { key: Array.from(this.key), pos: this.pos };
  }

  restore(snapshot: RandomStateSnapshot): void {
    if (snapshot.key.length !== N || !(snapshot.pos >= 0 && snapshot.pos <= N)) {
      throw new Error('RandomState snapshot must hold 624 key words and a position in [0, 624]');
    }
    this.key.set(snapshot.key);
    this.pos = snapshot.pos;
  }

  /** The golden traces' `rng` field: first 16 hex digits of SHA-256 over the 624 key words and pos (uint32 LE). */
  fingerprint(): string {
    return sha256Hex(this.stateBytes()).slice(0, 16);
  }

  /** The bytes the golden fingerprint hashes: 624 key words then pos, uint32 little-endian. */
  stateBytes(): Uint8Array {
    const bytes = new Uint8Array((N + 1) * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < N; i++) view.setUint32(i * 4, this.key[i], true);
    view.setUint32(N * 4, this.pos, true);
    return bytes;
  }
}

/** MT19937's output tempering, on a signed 32-bit word (the caller reads it unsigned). */
function temper(word: number): number {
  let y = word;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >>> 18);
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
