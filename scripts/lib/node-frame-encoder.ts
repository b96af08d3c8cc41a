// Frames encoded with Node's own zlib and SHA-256 (native code, a few times faster than the portable encoder): the same
// pixels and pixel hash as in the page, other PNG bytes (a frame's identity is the hash of its pixels, not of its PNG).
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { FrameEncoder } from '../../src/agent/episode-record.ts';
import { encodePng, type Deflate } from '../../src/lib/png.ts';

const nodeDeflate: Deflate = (data, level) => deflateSync(data, { level });

export const NODE_FRAME_ENCODER: FrameEncoder = {
  encode: (rgb, width, height) => ({
    png: encodePng(rgb, width, height, { deflate: nodeDeflate }),
    sha256: createHash('sha256').update(rgb).digest('hex'),
  }),
};
