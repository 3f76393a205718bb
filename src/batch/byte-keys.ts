/**
 * A set of keys (people's ids) held as bytes, each numbered in the order it was added: for joining
 * two files of a million people without a string or a Map entry per person (issue 19). Keys live
 * end to end in one growing buffer; an open-addressing table of their numbers finds them by an
 * FNV-1a hash of their bytes. A file read as text uses the same keys through their UTF-8 bytes.
 */
export class ByteKeys {
  private arena = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private hashes = new Uint32Array(1024);
  private table = new Int32Array(2048).fill(-1);
  private mask = 2047;
  size = 0;

  /** The number of the key `buffer[start, end)`, or -1. */
  find(buffer: Uint8Array, start: number, end: number): number {
    const hash = hashOf(buffer, start, end);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = this.table[slot]!;
      if (k === -1) return -1;
      if (this.hashes[k] === hash && this.same(k, buffer, start, end)) return k;
    }
  }

  /** Adds the key `buffer[start, end)`: its new number, or -1 when it is already here. */
  add(buffer: Uint8Array, start: number, end: number): number {
    const hash = hashOf(buffer, start, end);
    let slot = hash & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const k = this.table[slot]!;
      if (k === -1) break;
      if (this.hashes[k] === hash && this.same(k, buffer, start, end)) return -1;
    }
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + length));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    if (this.size === this.starts.length) {
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    const k = this.size++;
    this.arena.set(buffer.subarray(start, end), this.used);
    this.starts[k] = this.used;
    this.lengths[k] = length;
    this.hashes[k] = hash;
    this.used += length;
    this.table[slot] = k;
    // Kept at most half full, so a search ends quickly.
    if (this.size * 2 > this.table.length) this.rehash();
    return k;
  }

  findText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    return this.find(bytes, 0, bytes.length);
  }

  addText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    return this.add(bytes, 0, bytes.length);
  }

  private same(k: number, buffer: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths[k] !== length) return false;
    const at = this.starts[k]!;
    for (let i = 0; i < length; i++) if (this.arena[at + i] !== buffer[start + i]) return false;
    return true;
  }

  private rehash() {
    this.table = new Int32Array(this.table.length * 2).fill(-1);
    this.mask = this.table.length - 1;
    for (let k = 0; k < this.size; k++) {
      let slot = this.hashes[k]! & this.mask;
      while (this.table[slot] !== -1) slot = (slot + 1) & this.mask;
      this.table[slot] = k;
    }
  }
}

function grow<T extends Int32Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** FNV-1a over the bytes, its bits then mixed (ids differ mostly in their last digits). */
function hashOf(buffer: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buffer[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
