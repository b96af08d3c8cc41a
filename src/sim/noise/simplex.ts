// OpenSimplex 3D noise, bit-identical to `OpenSimplex(seed).noise3d` of the Python package opensimplex 0.3, which Crafter's world generator samples.
//
// Every floating-point expression below keeps the Python source's operands and left-to-right order,
// so each intermediate double rounds exactly as CPython's does. Lattice coordinates are Python ints
// there; here they are doubles holding integers, which is exact while their sums stay below 2**53.

/** Skews (x, y, z) onto the simplectic honeycomb: (1 / sqrt(3 + 1) - 1) / 3. */
const STRETCH = -1.0 / 6;
/** Undoes the skew for a lattice point: (sqrt(3 + 1) - 1) / 3. */
const SQUISH = 1.0 / 3;
// Computed like Python's `2 * SQUISH_CONSTANT_3D` and `3 * SQUISH_CONSTANT_3D`, which CPython evaluates per call to the same doubles.
const SQUISH_2 = 2 * SQUISH;
const SQUISH_3 = 3 * SQUISH;
/** Scales the summed contributions into roughly [-1, 1]. */
const NORM = 103;

/** 24 gradients toward the vertices of a skewed rhombicuboctahedron, three components each. */
const GRADIENTS = new Float64Array([
  -11, 4, 4, -4, 11, 4, -4, 4, 11,
  11, 4, 4, 4, 11, 4, 4, 4, 11,
  -11, -4, 4, -4, -11, 4, -4, -4, 11,
  11, -4, 4, 4, -11, 4, 4, -4, 11,
  -11, 4, -4, -4, 11, -4, -4, 4, -11,
  11, 4, -4, 4, 11, -4, 4, 4, -11,
  -11, -4, -4, -4, -11, -4, -4, -4, -11,
  11, -4, -4, 4, -11, -4, 4, -4, -11,
]);
const GRADIENT_COUNT = GRADIENTS.length / 3;

/*
 * The super-cell's eight vertices as unit steps from its origin, ordered so that each region's own
 * vertices form a contiguous run in the order Python adds them: the (0,0,0) tetrahedron is 0..3,
 * the octahedron 1..6, the (1,1,1) tetrahedron 4..7. The offset to a vertex is
 * `d0 - step - squish`, which rounds exactly like Python's `dx0 - 1 - SQUISH_CONSTANT_3D` and
 * `dx0 - 0 - 2 * SQUISH_CONSTANT_3D` forms (subtracting 0 is exact).
 */
const VERTEX_X = Int8Array.of(0, 1, 0, 0, 1, 1, 0, 1);
const VERTEX_Y = Int8Array.of(0, 0, 1, 0, 1, 0, 1, 1);
const VERTEX_Z = Int8Array.of(0, 0, 0, 1, 0, 1, 1, 1);
const VERTEX_SQUISH = Float64Array.of(0, SQUISH, SQUISH, SQUISH, SQUISH_2, SQUISH_2, SQUISH_2, SQUISH_3);

// The 64-bit LCG (Knuth's MMIX constants) that shuffles the permutation.
const LCG_MULTIPLIER = 6364136223846793005n;
const LCG_INCREMENT = 1442695040888963407n;

/** One LCG step wrapped to a signed 64-bit value, as ctypes.c_int64 does in the Python source. */
function lcgStep(state: bigint): bigint {
  return BigInt.asIntN(64, state * LCG_MULTIPLIER + LCG_INCREMENT);
}

export class OpenSimplex {
  /** A permutation of 0..255 chosen by the seed. */
  private readonly perm = new Uint8Array(256);
  /** For each permuted value, the offset of its gradient in GRADIENTS. */
  private readonly gradientOffset = new Uint8Array(256);

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`OpenSimplex seed must be a safe integer, got ${seed}`);
    const source = new Uint8Array(256);
    for (let i = 0; i < 256; i++) source[i] = i;
    let state = BigInt(seed);
    for (let warmUp = 0; warmUp < 3; warmUp++) state = lcgStep(state);
    for (let i = 255; i >= 0; i--) {
      state = lcgStep(state);
      const size = BigInt(i + 1);
      // Python's % is non-negative for a positive divisor, and `state + 31` is not wrapped to 64 bits.
      const pick = Number((((state + 31n) % size) + size) % size);
      this.perm[i] = source[pick];
      this.gradientOffset[i] = (this.perm[i] % GRADIENT_COUNT) * 3;
      source[pick] = source[i];
    }
  }

  /** 3D noise at (x, y, z), in about [-1, 1]; equal bit for bit to opensimplex 0.3's noise3d. */
  noise3(x: number, y: number, z: number): number {
    const stretchOffset = (x + y + z) * STRETCH;
    const xs = x + stretchOffset;
    const ys = y + stretchOffset;
    const zs = z + stretchOffset;
    // Python's math.floor raises on infinities and NaN, so there is no value to reproduce.
    if (xs - xs + (ys - ys) + (zs - zs) !== 0) throw new RangeError(`noise3 needs finite coordinates, got (${x}, ${y}, ${z})`);

    // Super-cell origin on the stretched lattice; `+ 0` turns -0 into the 0 a Python int would be.
    const cellX = Math.floor(xs) + 0;
    const cellY = Math.floor(ys) + 0;
    const cellZ = Math.floor(zs) + 0;
    const squishOffset = (cellX + cellY + cellZ) * SQUISH;
    const originX = cellX + squishOffset;
    const originY = cellY + squishOffset;
    const originZ = cellZ + squishOffset;

    // Position inside the super-cell, in stretched coordinates; their sum picks the region.
    const insideX = xs - cellX;
    const insideY = ys - cellY;
    const insideZ = zs - cellZ;
    const insideSum = insideX + insideY + insideZ;

    // Offset from the origin vertex in unskewed space.
    const dx0 = x - originX;
    const dy0 = y - originY;
    const dz0 = z - originZ;

    // The two extra lattice vertices outside the region that can still reach this point.
    let ext0X = 0, ext0Y = 0, ext0Z = 0, ext0Dx = 0, ext0Dy = 0, ext0Dz = 0;
    let ext1X = 0, ext1Y = 0, ext1Z = 0, ext1Dx = 0, ext1Dy = 0, ext1Dz = 0;
    let value = 0;

    if (insideSum <= 1) {
      // Tetrahedron at (0,0,0): find the two closest of (1,0,0), (0,1,0), (0,0,1) as bit masks.
      let aPoint = 0x01;
      let aScore = insideX;
      let bPoint = 0x02;
      let bScore = insideY;
      if (aScore >= bScore && insideZ > bScore) {
        bScore = insideZ;
        bPoint = 0x04;
      } else if (aScore < bScore && insideZ > aScore) {
        aScore = insideZ;
        aPoint = 0x04;
      }

      const originScore = 1 - insideSum;
      if (originScore > aScore || originScore > bScore) {
        // (0,0,0) is among the two closest vertices; the other one is the closer of a and b.
        const closest = bScore > aScore ? bPoint : aPoint;
        if ((closest & 0x01) === 0) {
          ext0X = cellX - 1;
          ext1X = cellX;
          ext0Dx = dx0 + 1;
          ext1Dx = dx0;
        } else {
          ext0X = ext1X = cellX + 1;
          ext0Dx = ext1Dx = dx0 - 1;
        }
        if ((closest & 0x02) === 0) {
          ext0Y = ext1Y = cellY;
          ext0Dy = ext1Dy = dy0;
          if ((closest & 0x01) === 0) {
            ext1Y -= 1;
            ext1Dy += 1;
          } else {
            ext0Y -= 1;
            ext0Dy += 1;
          }
        } else {
          ext0Y = ext1Y = cellY + 1;
          ext0Dy = ext1Dy = dy0 - 1;
        }
        if ((closest & 0x04) === 0) {
          ext0Z = cellZ;
          ext1Z = cellZ - 1;
          ext0Dz = dz0;
          ext1Dz = dz0 + 1;
        } else {
          ext0Z = ext1Z = cellZ + 1;
          ext0Dz = ext1Dz = dz0 - 1;
        }
      } else {
        // (0,0,0) is not among the two closest; both extra vertices follow from a and b together.
        const closestPair = aPoint | bPoint;
        if ((closestPair & 0x01) === 0) {
          ext0X = cellX;
          ext1X = cellX - 1;
          ext0Dx = dx0 - SQUISH_2;
          ext1Dx = dx0 + 1 - SQUISH;
        } else {
          ext0X = ext1X = cellX + 1;
          ext0Dx = dx0 - 1 - SQUISH_2;
          ext1Dx = dx0 - 1 - SQUISH;
        }
        if ((closestPair & 0x02) === 0) {
          ext0Y = cellY;
          ext1Y = cellY - 1;
          ext0Dy = dy0 - SQUISH_2;
          ext1Dy = dy0 + 1 - SQUISH;
        } else {
          ext0Y = ext1Y = cellY + 1;
          ext0Dy = dy0 - 1 - SQUISH_2;
          ext1Dy = dy0 - 1 - SQUISH;
        }
        if ((closestPair & 0x04) === 0) {
          ext0Z = cellZ;
          ext1Z = cellZ - 1;
          ext0Dz = dz0 - SQUISH_2;
          ext1Dz = dz0 + 1 - SQUISH;
        } else {
          ext0Z = ext1Z = cellZ + 1;
          ext0Dz = dz0 - 1 - SQUISH_2;
          ext1Dz = dz0 - 1 - SQUISH;
        }
      }
    } else if (insideSum >= 2) {
      // Tetrahedron at (1,1,1): find the two closest of (1,1,0), (1,0,1), (0,1,1) as bit masks.
      let aPoint = 0x06;
      let aScore = insideX;
      let bPoint = 0x05;
      let bScore = insideY;
      if (aScore <= bScore && insideZ < bScore) {
        bScore = insideZ;
        bPoint = 0x03;
      } else if (aScore > bScore && insideZ < aScore) {
        aScore = insideZ;
        aPoint = 0x03;
      }

      const farScore = 3 - insideSum;
      if (farScore < aScore || farScore < bScore) {
        // (1,1,1) is among the two closest vertices; the other one is the closer of a and b.
        const closest = bScore < aScore ? bPoint : aPoint;
        if ((closest & 0x01) !== 0) {
          ext0X = cellX + 2;
          ext1X = cellX + 1;
          ext0Dx = dx0 - 2 - SQUISH_3;
          ext1Dx = dx0 - 1 - SQUISH_3;
        } else {
          ext0X = ext1X = cellX;
          ext0Dx = ext1Dx = dx0 - SQUISH_3;
        }
        if ((closest & 0x02) !== 0) {
          ext0Y = ext1Y = cellY + 1;
          ext0Dy = ext1Dy = dy0 - 1 - SQUISH_3;
          if ((closest & 0x01) !== 0) {
            ext1Y += 1;
            ext1Dy -= 1;
          } else {
            ext0Y += 1;
            ext0Dy -= 1;
          }
        } else {
          ext0Y = ext1Y = cellY;
          ext0Dy = ext1Dy = dy0 - SQUISH_3;
        }
        if ((closest & 0x04) !== 0) {
          ext0Z = cellZ + 1;
          ext1Z = cellZ + 2;
          ext0Dz = dz0 - 1 - SQUISH_3;
          ext1Dz = dz0 - 2 - SQUISH_3;
        } else {
          ext0Z = ext1Z = cellZ;
          ext0Dz = ext1Dz = dz0 - SQUISH_3;
        }
      } else {
        // (1,1,1) is not among the two closest; both extra vertices follow from the axis a and b share.
        const sharedAxes = aPoint & bPoint;
        if ((sharedAxes & 0x01) !== 0) {
          ext0X = cellX + 1;
          ext1X = cellX + 2;
          ext0Dx = dx0 - 1 - SQUISH;
          ext1Dx = dx0 - 2 - SQUISH_2;
        } else {
          ext0X = ext1X = cellX;
          ext0Dx = dx0 - SQUISH;
          ext1Dx = dx0 - SQUISH_2;
        }
        if ((sharedAxes & 0x02) !== 0) {
          ext0Y = cellY + 1;
          ext1Y = cellY + 2;
          ext0Dy = dy0 - 1 - SQUISH;
          ext1Dy = dy0 - 2 - SQUISH_2;
        } else {
          ext0Y = ext1Y = cellY;
          ext0Dy = dy0 - SQUISH;
          ext1Dy = dy0 - SQUISH_2;
        }
        if ((sharedAxes & 0x04) !== 0) {
          ext0Z = cellZ + 1;
          ext1Z = cellZ + 2;
          ext0Dz = dz0 - 1 - SQUISH;
          ext1Dz = dz0 - 2 - SQUISH_2;
        } else {
          ext0Z = ext1Z = cellZ;
          ext0Dz = dz0 - SQUISH;
          ext1Dz = dz0 - SQUISH_2;
        }
      }
    } else {
      // Octahedron between the two tetrahedra: pick the closer of (0,0,1) and (1,1,0) ...
      let aScore: number;
      let aPoint: number;
      let aIsFarSide: boolean;
      const sumXY = insideX + insideY;
      if (sumXY > 1) {
        aScore = sumXY - 1;
        aPoint = 0x03;
        aIsFarSide = true;
      } else {
        aScore = 1 - sumXY;
        aPoint = 0x04;
        aIsFarSide = false;
      }
      // ... and the closer of (0,1,0) and (1,0,1) ...
      let bScore: number;
      let bPoint: number;
      let bIsFarSide: boolean;
      const sumXZ = insideX + insideZ;
      if (sumXZ > 1) {
        bScore = sumXZ - 1;
        bPoint = 0x05;
        bIsFarSide = true;
      } else {
        bScore = 1 - sumXZ;
        bPoint = 0x02;
        bIsFarSide = false;
      }
      // ... then the closer of (1,0,0) and (0,1,1) replaces the farther of those two if it is closer.
      const sumYZ = insideY + insideZ;
      if (sumYZ > 1) {
        const score = sumYZ - 1;
        if (aScore <= bScore && aScore < score) {
          aPoint = 0x06;
          aIsFarSide = true;
        } else if (aScore > bScore && bScore < score) {
          bPoint = 0x06;
          bIsFarSide = true;
        }
      } else {
        const score = 1 - sumYZ;
        if (aScore <= bScore && aScore < score) {
          aPoint = 0x01;
          aIsFarSide = false;
        } else if (aScore > bScore && bScore < score) {
          bPoint = 0x01;
          bIsFarSide = false;
        }
      }

      if (aIsFarSide === bIsFarSide) {
        if (aIsFarSide) {
          // Both closest points lie on the (1,1,1) side: (1,1,1) is one extra vertex.
          ext0Dx = dx0 - 1 - SQUISH_3;
          ext0Dy = dy0 - 1 - SQUISH_3;
          ext0Dz = dz0 - 1 - SQUISH_3;
          ext0X = cellX + 1;
          ext0Y = cellY + 1;
          ext0Z = cellZ + 1;
          // The other lies two steps along the axis both points share.
          const sharedAxes = aPoint & bPoint;
          if ((sharedAxes & 0x01) !== 0) {
            ext1Dx = dx0 - 2 - SQUISH_2;
            ext1Dy = dy0 - SQUISH_2;
            ext1Dz = dz0 - SQUISH_2;
            ext1X = cellX + 2;
            ext1Y = cellY;
            ext1Z = cellZ;
          } else if ((sharedAxes & 0x02) !== 0) {
            ext1Dx = dx0 - SQUISH_2;
            ext1Dy = dy0 - 2 - SQUISH_2;
            ext1Dz = dz0 - SQUISH_2;
            ext1X = cellX;
            ext1Y = cellY + 2;
            ext1Z = cellZ;
          } else {
            ext1Dx = dx0 - SQUISH_2;
            ext1Dy = dy0 - SQUISH_2;
            ext1Dz = dz0 - 2 - SQUISH_2;
            ext1X = cellX;
            ext1Y = cellY;
            ext1Z = cellZ + 2;
          }
        } else {
          // Both closest points lie on the (0,0,0) side: (0,0,0) is one extra vertex.
          ext0Dx = dx0;
          ext0Dy = dy0;
          ext0Dz = dz0;
          ext0X = cellX;
          ext0Y = cellY;
          ext0Z = cellZ;
          // The other steps back along the axis neither point uses.
          const usedAxes = aPoint | bPoint;
          if ((usedAxes & 0x01) === 0) {
            ext1Dx = dx0 + 1 - SQUISH;
            ext1Dy = dy0 - 1 - SQUISH;
            ext1Dz = dz0 - 1 - SQUISH;
            ext1X = cellX - 1;
            ext1Y = cellY + 1;
            ext1Z = cellZ + 1;
          } else if ((usedAxes & 0x02) === 0) {
            ext1Dx = dx0 - 1 - SQUISH;
            ext1Dy = dy0 + 1 - SQUISH;
            ext1Dz = dz0 - 1 - SQUISH;
            ext1X = cellX + 1;
            ext1Y = cellY - 1;
            ext1Z = cellZ + 1;
          } else {
            ext1Dx = dx0 - 1 - SQUISH;
            ext1Dy = dy0 - 1 - SQUISH;
            ext1Dz = dz0 + 1 - SQUISH;
            ext1X = cellX + 1;
            ext1Y = cellY + 1;
            ext1Z = cellZ - 1;
          }
        }
      } else {
        // One closest point on each side.
        const farPoint = aIsFarSide ? aPoint : bPoint;
        const nearPoint = aIsFarSide ? bPoint : aPoint;
        // One extra vertex is a permutation of (1,1,-1), chosen by the far-side point's missing axis.
        if ((farPoint & 0x01) === 0) {
          ext0Dx = dx0 + 1 - SQUISH;
          ext0Dy = dy0 - 1 - SQUISH;
          ext0Dz = dz0 - 1 - SQUISH;
          ext0X = cellX - 1;
          ext0Y = cellY + 1;
          ext0Z = cellZ + 1;
        } else if ((farPoint & 0x02) === 0) {
          ext0Dx = dx0 - 1 - SQUISH;
          ext0Dy = dy0 + 1 - SQUISH;
          ext0Dz = dz0 - 1 - SQUISH;
          ext0X = cellX + 1;
          ext0Y = cellY - 1;
          ext0Z = cellZ + 1;
        } else {
          ext0Dx = dx0 - 1 - SQUISH;
          ext0Dy = dy0 - 1 - SQUISH;
          ext0Dz = dz0 + 1 - SQUISH;
          ext0X = cellX + 1;
          ext0Y = cellY + 1;
          ext0Z = cellZ - 1;
        }
        // The other is a permutation of (0,0,2), along the near-side point's axis.
        ext1Dx = dx0 - SQUISH_2;
        ext1Dy = dy0 - SQUISH_2;
        ext1Dz = dz0 - SQUISH_2;
        ext1X = cellX;
        ext1Y = cellY;
        ext1Z = cellZ;
        if ((nearPoint & 0x01) !== 0) {
          ext1Dx -= 2;
          ext1X += 2;
        } else if ((nearPoint & 0x02) !== 0) {
          ext1Dy -= 2;
          ext1Y += 2;
        } else {
          ext1Dz -= 2;
          ext1Z += 2;
        }
      }
    }

    // The region's own vertices, then the two extra ones, summed in the order the Python source adds them.
    const firstVertex = insideSum <= 1 ? 0 : insideSum >= 2 ? 4 : 1;
    const lastVertex = insideSum <= 1 ? 3 : insideSum >= 2 ? 7 : 6;
    for (let v = firstVertex; v <= lastVertex; v++) {
      const stepX = VERTEX_X[v];
      const stepY = VERTEX_Y[v];
      const stepZ = VERTEX_Z[v];
      const squish = VERTEX_SQUISH[v];
      value += this.contribution(cellX + stepX, cellY + stepY, cellZ + stepZ, dx0 - stepX - squish, dy0 - stepY - squish, dz0 - stepZ - squish);
    }
    value += this.contribution(ext0X, ext0Y, ext0Z, ext0Dx, ext0Dy, ext0Dz);
    value += this.contribution(ext1X, ext1Y, ext1Z, ext1Dx, ext1Dy, ext1Dz);
    return value / NORM;
  }

  /**
   * One lattice vertex's share: (2 - |d|^2)^4 times its gradient dotted with d, or 0 out of reach.
   * Returning 0 equals Python skipping the `+=`: the running sum starts at +0 and never becomes -0.
   */
  private contribution(latticeX: number, latticeY: number, latticeZ: number, dx: number, dy: number, dz: number): number {
    let falloff = 2 - dx * dx - dy * dy - dz * dz;
    if (!(falloff > 0)) return 0;
    falloff *= falloff;
    const perm = this.perm;
    // ToInt32 keeps the low bits of any integer-valued double, so `& 0xff` matches Python's on negative ints.
    const offset = this.gradientOffset[(perm[(perm[latticeX & 0xff] + latticeY) & 0xff] + latticeZ) & 0xff];
    return falloff * falloff * (GRADIENTS[offset] * dx + GRADIENTS[offset + 1] * dy + GRADIENTS[offset + 2] * dz);
  }
}
