// Crafter's day and night cycle: 300 steps a day, night while daylight < 0.5.

/** Crafter's daylight: `1 - |cos(pi * ((step / 300) % 1 + 0.3))| ** 3`. */
export function daylightAt(step: number): number {
  const progress = ((step / 300) % 1) + 0.3;
  return 1 - Math.abs(Math.cos(Math.PI * progress)) ** 3;
}
