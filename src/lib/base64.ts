// Base64 (RFC 4648, with padding) without Buffer or btoa, so it runs alike in Node and workers
// and needs no binary-string detour.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Uint8Array(64).map((_, i) => ALPHABET.charCodeAt(i));
// Two output characters per 12 input bits: one table lookup per half triplet.
const PAIRS = (() => {
  const pairs = new Uint16Array(4096);
  for (let i = 0; i < 4096; i++) pairs[i] = (CODES[i >> 6] << 8) | CODES[i & 63];
  return pairs;
})();
const DECODE = (() => {
  const table = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) table[CODES[i]] = i;
  return table;
})();
const ascii = new TextDecoder('latin1');

export function base64Encode(bytes: Uint8Array): string {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  let i = 0;
  let o = 0;
  for (const whole = length - (length % 3); i < whole; i += 3, o += 4) {
    const triplet = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    const high = PAIRS[triplet >> 12];
    const low = PAIRS[triplet & 4095];
    out[o] = high >> 8;
    out[o + 1] = high & 255;
    out[o + 2] = low >> 8;
    out[o + 3] = low & 255;
  }
  const rest = length - i;
  if (rest > 0) {
    const triplet = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o] = CODES[triplet >> 18];
    out[o + 1] = CODES[(triplet >> 12) & 63];
    out[o + 2] = rest === 2 ? CODES[(triplet >> 6) & 63] : 61; // '='
    out[o + 3] = 61;
  }
  return ascii.decode(out);
}

/** Decodes standard base64 with padding; throws on any other character or a bad length. */
export function base64Decode(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error(`base64Decode: length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let triplet = 0;
    for (let k = 0; k < 4; k++) {
      const code = text.charCodeAt(i + k);
      const isPad = code === 61 && i + k >= text.length - padding;
      const value = isPad ? 0 : code < 256 ? DECODE[code] : -1;
      if (value < 0) throw new Error(`base64Decode: bad character at ${i + k}`);
      triplet = (triplet << 6) | value;
    }
    if (o < out.length) out[o++] = triplet >> 16;
    if (o < out.length) out[o++] = (triplet >> 8) & 255;
    if (o < out.length) out[o++] = triplet & 255;
  }
  return out;
}

export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

/** PNG bytes as a data URL, as models and the OpenAI chat format take an image. */
export function pngDataUrl(png: Uint8Array): string {
  return PNG_DATA_URL_PREFIX + base64Encode(png);
}
