import { describe, expect, it } from 'vitest';
import { contactSheet } from '../../src/sim/capture/sheet.ts';

const at = (image: { width: number; data: Uint8Array }, x: number, y: number) => Array.from(image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3));

describe('contactSheet', () => {
  const red = { width: 2, height: 2, data: new Uint8Array(12).fill(0).map((_, i) => (i % 3 === 0 ? 255 : 0)) };
  const halfBlue = { width: 1, height: 1, data: new Uint8Array([0, 0, 255, 128]) };
  const clear = { width: 2, height: 1, data: new Uint8Array(8) };

  it('lays images out in rows of `columns`, scaled, with gaps of background', () => {
    const sheet = contactSheet([red, halfBlue, clear], 2, 3, 1, { background: [10, 20, 30] });
    // Cells are 6x6 (largest image 2x2, scale 3): 2 columns, 2 rows.
    expect([sheet.width, sheet.height]).toEqual([1 + 2 * 7, 1 + 2 * 7]);
    expect(at(sheet, 0, 0)).toEqual([10, 20, 30]);
    expect(at(sheet, 1, 1)).toEqual([255, 0, 0]);
    expect(at(sheet, 6, 6)).toEqual([255, 0, 0]);
    expect(at(sheet, 7, 7)).toEqual([10, 20, 30]);
    // Alpha 128 over the background, rounded.
    expect(at(sheet, 8, 1)).toEqual([5, 10, 143]);
    expect(at(sheet, 11, 1)).toEqual([10, 20, 30]);
    expect(at(sheet, 1, 8)).toEqual([10, 20, 30]);
  });

  it('can show transparency as a checkerboard', () => {
    const sheet = contactSheet([clear], 1, 4, 0, { checkerboard: true });
    expect(at(sheet, 0, 0)).toEqual([200, 200, 200]);
    expect(at(sheet, 4, 0)).toEqual([150, 150, 150]);
  });

  it('rejects data that is neither RGB nor RGBA and empty input', () => {
    expect(() => contactSheet([{ width: 2, height: 2, data: new Uint8Array(5) }], 1, 1, 0)).toThrow(/neither RGB nor RGBA/);
    expect(() => contactSheet([], 1, 1, 0)).toThrow(/no images/);
  });
});
