// Crafter's night vignette, `1 - exp(-0.5 * (x**2 + y**2) / stddev**2)` over numpy linspaces, indexed [x][y].

/** numpy.linspace(start, stop, n): i * step + start, with the last value set to stop. */
export function linspace(start: number, stop: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const div = n - 1;
  const step = (stop - start) / div;
  for (let i = 0; i < n; i++) out[i] = i * step + start;
  if (n > 1) out[n - 1] = stop;
  return out;
}

export function vignette(width: number, height: number, stddev: number): Float64Array {
  const xs = linspace(-1, 1, width);
  const ys = linspace(-1, 1, height);
  const out = new Float64Array(width * height);
  const spread = stddev ** 2;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) out[x * height + y] = 1 - Math.exp((-0.5 * (xs[x] ** 2 + ys[y] ** 2)) / spread);
  }
  return out;
}
