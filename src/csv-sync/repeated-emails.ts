// Whether an upload's file may repeat an email, known by the end of its upload: most files name each user once,
// and for them the worker need not look for repeats at all (MARK_DUPLICATES aggregates every staged row of the
// sync: about 2 s of a 1M-row sync before its first batch).

/** Slots of the first table; it doubles whenever it is half full. */
const FIRST_SLOTS = 1 << 16;

/**
 * A set of 53-bit hashes of the emails seen so far. Equal emails have equal hashes, so a file in which no hash
 * came twice repeats no email; a hash that comes twice may be a repeat or (about once in 20,000 files of a million
 * distinct emails) two emails with the same hash, and then the worker looks for repeats as it always did. Once a
 * hash has come twice, the table is let go: the answer cannot change. Memory: 16 bytes a distinct email at most
 * (32 MB at 2M rows), while the upload runs.
 */
export class RepeatedEmails {
  /** Open addressing with linear probing, a slot two numbers side by side: a hash's low 32 bits (never 0, which
   *  marks an empty slot) and its high 21 bits. */
  private slots: Uint32Array | null = new Uint32Array(2 * FIRST_SLOTS);
  private size = 0;

  /** True once an email's hash has come twice. */
  get maybe(): boolean {
    return this.slots === null;
  }

  add(email: string): void {
    if (this.slots === null) return;
    hash53(email, HASH);
    if (!insert(this.slots, HASH[0], HASH[1])) {
      this.slots = null;
      return;
    }
    this.size += 1;
    if (this.size * 4 > this.slots.length) this.slots = grown(this.slots);
  }
}

const HASH = new Uint32Array(2);

/** Adds the hash to the table; false if it was there. */
function insert(slots: Uint32Array, low: number, high: number): boolean {
  const mask = slots.length / 2 - 1;
  for (let i = low & mask; ; i = (i + 1) & mask) {
    const slot = slots[2 * i];
    if (slot === 0) {
      slots[2 * i] = low;
      slots[2 * i + 1] = high;
      return true;
    }
    if (slot === low && slots[2 * i + 1] === high) return false;
  }
}

function grown(slots: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(slots.length * 2);
  for (let i = 0; i < slots.length; i += 2) if (slots[i] !== 0) insert(bigger, slots[i], slots[i + 1]);
  return bigger;
}

/** cyrb53 (a public-domain string hash by bryc): 53 bits from two 32-bit multiply-xorshift lanes, written into
 *  `out` as the low 32 bits (never 0) and the high 21. */
export function hash53(text: string, out: Uint32Array): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h1 >>> 0 || 1;
  out[1] = h2 & 0x1fffff;
}
