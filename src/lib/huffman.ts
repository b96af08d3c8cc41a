// Length-limited Huffman codes for deflate: optimal code lengths by Moffat and Katajainen's in-place method, lengths
// past the limit folded back as miniz and zlib do (the code stays complete), and canonical codes bit-reversed for a
// writer that sends the least significant bit first.

/** Room for every symbol number of an alphabet (deflate's largest has 286) below a frequency's place. */
const SYMBOL_SLOTS = 1024;

/** Every byte with its bits in the opposite order. */
const REVERSED_BYTE = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  let reversed = 0;
  for (let bit = 0; bit < 8; bit++) reversed |= ((byte >>> bit) & 1) << (7 - bit);
  REVERSED_BYTE[byte] = reversed;
}

/** Code lengths (0 for unused symbols) of an optimal prefix code for `freq`, none longer than `maxBits`. */
export function huffmanLengths(freq: Uint32Array, maxBits: number): Uint8Array {
  const lengths = new Uint8Array(freq.length);
  // Rarest first, ties by symbol (so the same counts always give the same code): sorted as numbers freq * 2^10 + symbol.
  const keys = new Float64Array(freq.length);
  let n = 0;
  for (let symbol = 0; symbol < freq.length; symbol++) if (freq[symbol] > 0) keys[n++] = freq[symbol] * SYMBOL_SLOTS + symbol;
  if (n === 0) return lengths;
  if (n === 1) {
    lengths[keys[0] % SYMBOL_SLOTS] = 1;
    return lengths;
  }
  const sorted = keys.subarray(0, n).sort();
  const depth = new Float64Array(n);
  for (let k = 0; k < n; k++) depth[k] = Math.floor(sorted[k] / SYMBOL_SLOTS);
  minimumRedundancy(depth);
  // How many symbols get each length, with every length past the limit moved up to it.
  const perLength = new Uint32Array(maxBits + 1);
  for (let k = 0; k < n; k++) perLength[Math.min(depth[k], maxBits)]++;
  // The moved symbols overfill the code: lengthen shorter codes until it is complete again (the Kraft sum is 1).
  let kraft = 0;
  for (let bits = 1; bits <= maxBits; bits++) kraft += perLength[bits] * 2 ** (maxBits - bits);
  while (kraft > 2 ** maxBits) {
    perLength[maxBits]--;
    for (let bits = maxBits - 1; bits > 0; bits--) {
      if (perLength[bits] > 0) {
        perLength[bits]--;
        perLength[bits + 1] += 2;
        break;
      }
    }
    kraft--;
  }
  // The rarest symbols take the longest codes.
  let next = 0;
  for (let bits = maxBits; bits > 0; bits--) for (let k = 0; k < perLength[bits]; k++) lengths[sorted[next++] % SYMBOL_SLOTS] = bits;
  return lengths;
}

/**
 * Code lengths for weights sorted rarest first (Moffat and Katajainen, "In-place calculation of minimum-redundancy
 * codes", 1995), in place: the array holds parent pointers, then node depths, then the leaves' depths.
 */
function minimumRedundancy(a: Float64Array): void {
  const n = a.length;
  a[0] += a[1];
  let root = 0;
  let leaf = 2;
  for (let next = 1; next < n - 1; next++) {
    if (leaf >= n || a[root] < a[leaf]) {
      a[next] = a[root];
      a[root++] = next;
    } else a[next] = a[leaf++];
    if (leaf >= n || (root < next && a[root] < a[leaf])) {
      a[next] += a[root];
      a[root++] = next;
    } else a[next] += a[leaf++];
  }
  a[n - 2] = 0;
  for (let next = n - 3; next >= 0; next--) a[next] = a[a[next]] + 1;
  let available = 1;
  let used = 0;
  let depth = 0;
  root = n - 2;
  let next = n - 1;
  while (available > 0) {
    while (root >= 0 && a[root] === depth) {
      used++;
      root--;
    }
    while (available > used) {
      a[next--] = depth;
      available--;
    }
    available = 2 * used;
    depth++;
    used = 0;
  }
}

/** Canonical codes (RFC 1951 3.2.2) for `lengths`, each bit-reversed to be sent least significant bit first. */
export function reversedCodes(lengths: Uint8Array): Uint16Array {
  const count = new Uint16Array(17);
  for (let symbol = 0; symbol < lengths.length; symbol++) count[lengths[symbol]]++;
  count[0] = 0;
  const nextCode = new Uint16Array(17);
  for (let bits = 1, code = 0; bits <= 16; bits++) {
    code = (code + count[bits - 1]) << 1;
    nextCode[bits] = code;
  }
  const codes = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol];
    if (!length) continue;
    const code = nextCode[length]++;
    codes[symbol] = ((REVERSED_BYTE[code & 255] << 8) | REVERSED_BYTE[code >>> 8]) >>> (16 - length);
  }
  return codes;
}
