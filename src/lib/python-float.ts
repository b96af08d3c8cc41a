// Python's float rounding and printing, for files Python tools write and compare (Crafter's stats.jsonl).

/** Python's round(x, 1): the nearest tenth of the exact binary value, halfway cases to the even tenth. */
export function pythonRound1(x: number): number {
  const scaled = x * 10;
  // Only quarters are exactly halfway between two tenths (x * 10 is then exact); toFixed would round them up.
  if (Number.isInteger(x * 4) && !Number.isInteger(x * 2)) {
    const below = Math.floor(scaled);
    return (below % 2 === 0 ? below : below + 1) / 10;
  }
  return Number(x.toFixed(1));
}

/** repr() of a Python float as json.dumps writes it, for the values a reward takes ("22.0", "1.1", "-0.0"). */
export function pythonFloatText(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`${x} has no JSON form`);
  if (Object.is(x, -0)) return '-0.0';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const text = String(x);
  // JavaScript writes 1e-7 and 1e+21 where Python writes 1e-07 and 1e+21; Python switches to exponents earlier too.
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  if (exponent < -4 || exponent >= 16) {
    const [mantissa, power] = x.toExponential().split('e');
    const sign = power.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${power.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return text;
}
