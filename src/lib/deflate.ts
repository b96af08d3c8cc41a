// A zlib stream (RFC 1950 around RFC 1951 deflate) written for speed on many small inputs, such as a frame's PNG
// scanlines: greedy LZ77 over hash chains, then blocks of up to 65,536 symbols, each with Huffman codes of its own,
// the fixed codes or stored, whichever is smallest. Its tables live in the encoder and are reused from call to call:
// fflate allocates fresh ones for every call, and in a browser worker those allocations (page faults, zeroing) cost
// more than the compression itself.
import { huffmanLengths, reversedCodes } from './huffman.ts';

/** How hard to look for matches, by zlib-style level 1 to 9 (level 0 stores). */
const SEARCH: ReadonlyArray<{ chain: number; nice: number }> = [
  { chain: 0, nice: 0 },
  { chain: 2, nice: 8 },
  { chain: 4, nice: 16 },
  { chain: 8, nice: 32 },
  { chain: 16, nice: 64 },
  { chain: 32, nice: 128 },
  { chain: 64, nice: 128 },
  { chain: 128, nice: 258 },
  { chain: 512, nice: 258 },
  { chain: 2048, nice: 258 },
];

const WINDOW = 32768;
const WINDOW_MASK = WINDOW - 1;
const HASH_BITS = 14;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
/** Symbols per block: a new block gets Huffman codes of its own, and the symbol buffers stay this size. */
const BLOCK_SYMBOLS = 1 << 16;
const END_OF_BLOCK = 256;
const LITERAL_CODES = 286;
const DISTANCE_CODES = 30;
const MAX_CODE_BITS = 15;
const MAX_CODE_LENGTH_BITS = 7;
/** The order RFC 1951 sends the code-length code's lengths in. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const STORED_MAX = 65535;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** Extra bits after the code-length code's repeat symbols 16, 17 and 18. */
const REPEAT_EXTRA_BITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
/** The fixed codes of RFC 1951 3.2.6. */
const FIXED_LITERAL_LENGTHS = Uint8Array.from({ length: 288 }, (_, symbol) => (symbol < 144 ? 8 : symbol < 256 ? 9 : symbol < 280 ? 7 : 8));
const FIXED_DISTANCE_LENGTHS = new Uint8Array(32).fill(5);
const FIXED_LITERAL_CODES = reversedCodes(FIXED_LITERAL_LENGTHS);
const FIXED_DISTANCE_CODES = reversedCodes(FIXED_DISTANCE_LENGTHS);

/** Length code index (0..28, code 257 + index) of every match length 3..258. */
const LENGTH_INDEX = new Uint8Array(MAX_MATCH + 1);
for (let code = 0; code < LENGTH_BASE.length; code++) {
  const end = code + 1 < LENGTH_BASE.length ? LENGTH_BASE[code + 1] : MAX_MATCH + 1;
  for (let length = LENGTH_BASE[code]; length < end; length++) LENGTH_INDEX[length] = code;
}
/** Distance code of every distance 1..32768. */
const DISTANCE_INDEX = new Uint8Array(WINDOW + 1);
for (let code = 0; code < DISTANCE_BASE.length; code++) {
  const end = code + 1 < DISTANCE_BASE.length ? DISTANCE_BASE[code + 1] : WINDOW + 1;
  for (let distance = DISTANCE_BASE[code]; distance < end; distance++) DISTANCE_INDEX[distance] = code;
}

export type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export class ZlibEncoder {
  // Hash heads and chains hold positions offset by `stamp`, so entries from earlier inputs read as absent without
  // clearing the tables between calls.
  private readonly head = new Int32Array(1 << HASH_BITS);
  private readonly chain = new Int32Array(WINDOW);
  private stamp = 1;
  /** A literal byte, or a match as length << 16 | distance. */
  private readonly symbols = new Uint32Array(BLOCK_SYMBOLS);
  private readonly literalFreq = new Uint32Array(LITERAL_CODES);
  private readonly distanceFreq = new Uint32Array(DISTANCE_CODES);
  private out = new Uint8Array(1 << 16);
  private at = 0;
  private bits = 0;
  private bitCount = 0;

  /** `data` compressed as a zlib stream at `level` (0 stores it; 1 is fastest, 9 looks hardest for repeats). */
  zlib(data: Uint8Array, level: DeflateLevel = 4): Uint8Array {
    if (!Number.isInteger(level) || level < 0 || level > 9) throw new Error(`zlib: level must be an integer 0 to 9, got ${level}`);
    this.at = 0;
    this.bits = 0;
    this.bitCount = 0;
    this.reserve(2);
    this.out[this.at++] = 0x78;
    // FLEVEL (2 bits) then FCHECK, which makes the header a multiple of 31.
    const flags = (level < 2 ? 0 : level < 6 ? 1 : level === 6 ? 2 : 3) << 6;
    this.out[this.at++] = flags + (31 - ((0x78 * 256 + flags) % 31));
    if (level === 0) this.writeStored(data, true);
    else this.compress(data, SEARCH[level]);
    this.reserve(4);
    const adler = adler32(data);
    this.out[this.at++] = adler >>> 24;
    this.out[this.at++] = (adler >>> 16) & 255;
    this.out[this.at++] = (adler >>> 8) & 255;
    this.out[this.at++] = adler & 255;
    return this.out.slice(0, this.at);
  }

  private compress(data: Uint8Array, { chain: maxChain, nice }: { chain: number; nice: number }): void {
    const n = data.length;
    if (this.stamp > 0x3fffffff - n) {
      this.head.fill(0);
      this.chain.fill(0);
      this.stamp = 1;
    }
    const { head, chain, symbols, literalFreq, distanceFreq } = this;
    const stamp = this.stamp;
    this.stamp += n + 1;
    this.startBlock();
    const lastHashed = n - MIN_MATCH;
    let count = 0;
    let blockStart = 0;
    let i = 0;
    while (i < n) {
      let bestLength = 0;
      let bestDistance = 0;
      if (i <= lastHashed) {
        const h = hash3(data, i);
        let candidate = head[h];
        head[h] = stamp + i;
        chain[i & WINDOW_MASK] = candidate;
        const oldest = stamp + i - WINDOW;
        const longest = Math.min(MAX_MATCH, n - i);
        for (let tries = maxChain; candidate >= stamp && candidate >= oldest && tries > 0; tries--) {
          const j = candidate - stamp;
          if (data[j + bestLength] === data[i + bestLength] && data[j] === data[i]) {
            let length = 1;
            while (length < longest && data[j + length] === data[i + length]) length++;
            if (length > bestLength) {
              bestLength = length;
              bestDistance = i - j;
              if (length >= nice || length === longest) break;
            }
          }
          candidate = chain[j & WINDOW_MASK];
        }
      }
      if (bestLength >= MIN_MATCH) {
        symbols[count++] = (bestLength << 16) | bestDistance;
        literalFreq[257 + LENGTH_INDEX[bestLength]]++;
        distanceFreq[DISTANCE_INDEX[bestDistance]]++;
        const end = Math.min(i + bestLength, lastHashed + 1);
        for (let k = i + 1; k < end; k++) {
          const h = hash3(data, k);
          chain[k & WINDOW_MASK] = head[h];
          head[h] = stamp + k;
        }
        i += bestLength;
      } else {
        symbols[count++] = data[i];
        literalFreq[data[i]]++;
        i++;
      }
      if (count === BLOCK_SYMBOLS) {
        this.writeBlock(count, data.subarray(blockStart, i), false);
        this.startBlock();
        count = 0;
        blockStart = i;
      }
    }
    this.writeBlock(count, data.subarray(blockStart, n), true);
  }

  private startBlock(): void {
    this.literalFreq.fill(0);
    this.distanceFreq.fill(0);
  }

  /**
   * Writes the symbols gathered (which stand for `raw`) as one block, in whichever form is smallest: Huffman codes
   * made for them, the fixed codes (no table to send: best for short blocks), or the bytes stored as they are.
   */
  private writeBlock(symbolCount: number, raw: Uint8Array, final: boolean): void {
    const { literalFreq, distanceFreq } = this;
    literalFreq[END_OF_BLOCK] = 1;
    // A decoder refuses incomplete codes, and a code of one symbol would be one: two symbols at least in each.
    atLeastTwo(literalFreq);
    atLeastTwo(distanceFreq);
    const literalLengths = huffmanLengths(literalFreq, MAX_CODE_BITS);
    const distanceLengths = huffmanLengths(distanceFreq, MAX_CODE_BITS);
    const literalCount = Math.max(257, lastNonZero(literalLengths) + 1);
    const distanceCount = Math.max(1, lastNonZero(distanceLengths) + 1);
    const runs = codeLengthRuns(literalLengths, literalCount, distanceLengths, distanceCount);
    const runFreq = new Uint32Array(19);
    for (const run of runs) runFreq[run & 31]++;
    atLeastTwo(runFreq);
    const runLengths = huffmanLengths(runFreq, MAX_CODE_LENGTH_BITS);
    let orderCount = 19;
    while (orderCount > 4 && runLengths[CODE_LENGTH_ORDER[orderCount - 1]] === 0) orderCount--;

    let extraBits = 0;
    for (let code = 0; code < LENGTH_EXTRA.length; code++) extraBits += literalFreq[257 + code] * LENGTH_EXTRA[code];
    for (let code = 0; code < DISTANCE_CODES; code++) extraBits += distanceFreq[code] * DISTANCE_EXTRA[code];
    let tableBits = 14 + 3 * orderCount;
    for (const run of runs) tableBits += runLengths[run & 31] + REPEAT_EXTRA_BITS[run & 31];
    const dynamicBits = tableBits + codedBits(literalFreq, literalLengths) + codedBits(distanceFreq, distanceLengths) + extraBits;
    const fixedBits = codedBits(literalFreq, FIXED_LITERAL_LENGTHS) + codedBits(distanceFreq, FIXED_DISTANCE_LENGTHS) + extraBits;
    const storedBits = (raw.length + 5 * Math.max(1, Math.ceil(raw.length / STORED_MAX))) * 8 + 7;
    if (storedBits < Math.min(dynamicBits, fixedBits)) {
      this.writeStored(raw, final);
      return;
    }
    // At most 15 + 5 + 15 + 13 bits a symbol, and the header.
    this.reserve(((symbolCount + 1) * 48) / 8 + 600);
    this.writeBits(final ? 1 : 0, 1);
    if (fixedBits <= dynamicBits) {
      this.writeBits(1, 2);
      this.writeSymbols(symbolCount, FIXED_LITERAL_CODES, FIXED_LITERAL_LENGTHS, FIXED_DISTANCE_CODES, FIXED_DISTANCE_LENGTHS);
    } else {
      this.writeBits(2, 2);
      this.writeBits(literalCount - 257, 5);
      this.writeBits(distanceCount - 1, 5);
      this.writeBits(orderCount - 4, 4);
      for (let k = 0; k < orderCount; k++) this.writeBits(runLengths[CODE_LENGTH_ORDER[k]], 3);
      const runCodes = reversedCodes(runLengths);
      for (const run of runs) {
        const symbol = run & 31;
        this.writeBits(runCodes[symbol], runLengths[symbol]);
        if (symbol >= 16) this.writeBits(run >>> 5, REPEAT_EXTRA_BITS[symbol]);
      }
      this.writeSymbols(symbolCount, reversedCodes(literalLengths), literalLengths, reversedCodes(distanceLengths), distanceLengths);
    }
    if (final) this.alignToByte();
  }

  /** The block's symbols and its end, with the codes given. */
  private writeSymbols(symbolCount: number, literalCodes: Uint16Array, literalLengths: Uint8Array, distanceCodes: Uint16Array, distanceLengths: Uint8Array): void {
    const { out, symbols } = this;
    // The hot loop: the bit buffer is kept in locals, and whole bytes leave it after each code with its extra bits,
    // so it never holds more than 7 + 15 + 13 bits.
    let { at, bits, bitCount } = this;
    for (let k = 0; k < symbolCount; k++) {
      const symbol = symbols[k];
      if (symbol < 256) {
        bits |= literalCodes[symbol] << bitCount;
        bitCount += literalLengths[symbol];
      } else {
        const length = symbol >>> 16;
        const distance = symbol & 0xffff;
        const lengthIndex = LENGTH_INDEX[length];
        bits |= literalCodes[257 + lengthIndex] << bitCount;
        bitCount += literalLengths[257 + lengthIndex];
        bits |= (length - LENGTH_BASE[lengthIndex]) << bitCount;
        bitCount += LENGTH_EXTRA[lengthIndex];
        while (bitCount >= 8) {
          out[at++] = bits;
          bits >>>= 8;
          bitCount -= 8;
        }
        const distanceIndex = DISTANCE_INDEX[distance];
        bits |= distanceCodes[distanceIndex] << bitCount;
        bitCount += distanceLengths[distanceIndex];
        while (bitCount >= 8) {
          out[at++] = bits;
          bits >>>= 8;
          bitCount -= 8;
        }
        bits |= (distance - DISTANCE_BASE[distanceIndex]) << bitCount;
        bitCount += DISTANCE_EXTRA[distanceIndex];
      }
      while (bitCount >= 8) {
        out[at++] = bits;
        bits >>>= 8;
        bitCount -= 8;
      }
    }
    this.at = at;
    this.bits = bits;
    this.bitCount = bitCount;
    this.writeBits(literalCodes[END_OF_BLOCK], literalLengths[END_OF_BLOCK]);
  }

  /** `raw` as stored blocks of at most 65,535 bytes, the last one final if `final`. */
  private writeStored(raw: Uint8Array, final: boolean): void {
    let start = 0;
    do {
      const length = Math.min(STORED_MAX, raw.length - start);
      this.reserve(length + 8);
      this.writeBits(final && start + length >= raw.length ? 1 : 0, 1);
      this.writeBits(0, 2);
      this.alignToByte();
      this.out[this.at++] = length & 255;
      this.out[this.at++] = length >>> 8;
      this.out[this.at++] = ~length & 255;
      this.out[this.at++] = (~length >>> 8) & 255;
      this.out.set(raw.subarray(start, start + length), this.at);
      this.at += length;
      start += length;
    } while (start < raw.length);
  }

  /** Pads the bits written so far to a whole byte. */
  private alignToByte(): void {
    if (this.bitCount > 0) this.out[this.at++] = this.bits & 255;
    this.bits = 0;
    this.bitCount = 0;
  }

  /** Appends `count` (at most 16) bits of `value`, least significant first. */
  private writeBits(value: number, count: number): void {
    this.bits |= value << this.bitCount;
    this.bitCount += count;
    while (this.bitCount >= 8) {
      this.out[this.at++] = this.bits & 255;
      this.bits >>>= 8;
      this.bitCount -= 8;
    }
  }

  private reserve(bytes: number): void {
    const needed = this.at + Math.ceil(bytes) + 8;
    if (needed <= this.out.length) return;
    const grown = new Uint8Array(Math.max(needed, this.out.length * 2));
    grown.set(this.out.subarray(0, this.at));
    this.out = grown;
  }
}

/**
 * The code-length sequence of both codes as RFC 1951 sends it: each entry a symbol 0..18 in its low 5 bits and, for
 * the repeat symbols 16, 17 and 18, the repeat count's extra bits above them.
 */
function codeLengthRuns(literal: Uint8Array, literalCount: number, distance: Uint8Array, distanceCount: number): number[] {
  const total = literalCount + distanceCount;
  const lengthAt = (k: number) => (k < literalCount ? literal[k] : distance[k - literalCount]);
  const runs: number[] = [];
  for (let k = 0; k < total; ) {
    const value = lengthAt(k);
    let run = 1;
    while (k + run < total && lengthAt(k + run) === value) run++;
    k += run;
    if (value === 0) {
      while (run >= 11) {
        const take = Math.min(run, 138);
        runs.push(18 | ((take - 11) << 5));
        run -= take;
      }
      if (run >= 3) {
        runs.push(17 | ((run - 3) << 5));
        run = 0;
      }
      while (run-- > 0) runs.push(0);
      continue;
    }
    runs.push(value);
    run--;
    while (run >= 3) {
      const take = Math.min(run, 6);
      runs.push(16 | ((take - 3) << 5));
      run -= take;
    }
    while (run-- > 0) runs.push(value);
  }
  return runs;
}

function atLeastTwo(freq: Uint32Array): void {
  let used = 0;
  for (let k = 0; k < freq.length && used < 2; k++) if (freq[k] > 0) used++;
  for (let k = 0; used < 2; k++) {
    if (freq[k] === 0) {
      freq[k] = 1;
      used++;
    }
  }
}

/** The hash-table slot of the three bytes at `at`. */
function hash3(data: Uint8Array, at: number): number {
  return Math.imul((data[at] << 16) | (data[at + 1] << 8) | data[at + 2], 0x9e3779b1) >>> (32 - HASH_BITS);
}

/** Bits the symbols counted in `freq` take with codes of `lengths`. */
function codedBits(freq: Uint32Array, lengths: Uint8Array): number {
  let bits = 0;
  for (let symbol = 0; symbol < freq.length; symbol++) bits += freq[symbol] * lengths[symbol];
  return bits;
}

function lastNonZero(values: Uint8Array): number {
  let k = values.length - 1;
  while (k >= 0 && values[k] === 0) k--;
  return k;
}

export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before b may pass 2^32.
  for (let start = 0; start < data.length; start += 5552) {
    const end = Math.min(start + 5552, data.length);
    for (let k = start; k < end; k++) {
      a += data[k];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
