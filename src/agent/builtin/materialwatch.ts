// Which cells changed material since the last look: few do in a step (digging, placing), so compare four at a time.

export class MaterialWatch {
  private readonly seen: Uint8Array;
  private readonly seenWords: Int32Array;
  /** The watched array as words of four cells, made again when a different array is watched. */
  private words: Int32Array | null = null;
  private readonly changed: number[] = [];

  constructor(size: number) {
    this.seen = new Uint8Array(size);
    this.seenWords = new Int32Array(this.seen.buffer, 0, size >> 2);
  }

  /** Take the materials as they are now, without listing changes. */
  reset(materials: Uint8Array): void {
    this.check(materials);
    this.seen.set(materials);
  }

  /**
   * The cells whose material differs from the last look (every cell that is not 0 on the first), in index order;
   * the list is reused by the next call.
   */
  changes(materials: Uint8Array): readonly number[] {
    this.check(materials);
    const seen = this.seen;
    const changed = this.changed;
    changed.length = 0;
    let from = 0;
    if (materials.byteOffset % 4 === 0) {
      const count = this.seenWords.length;
      if (!this.words || this.words.buffer !== materials.buffer || this.words.byteOffset !== materials.byteOffset) {
        this.words = new Int32Array(materials.buffer, materials.byteOffset, count);
      }
      const now = this.words;
      const before = this.seenWords;
      for (let k = 0; k < count; k++) {
        if (now[k] === before[k]) continue;
        for (let i = k * 4; i < k * 4 + 4; i++) if (materials[i] !== seen[i]) changed.push(i);
        before[k] = now[k];
      }
      from = count * 4;
    }
    for (let i = from; i < materials.length; i++) {
      if (materials[i] === seen[i]) continue;
      changed.push(i);
      seen[i] = materials[i];
    }
    return changed;
  }

  private check(materials: Uint8Array): void {
    if (materials.length !== this.seen.length) {
      throw new RangeError(`watching ${this.seen.length} cells, given ${materials.length} materials`);
    }
  }
}
