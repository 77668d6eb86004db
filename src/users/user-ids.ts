// The ids of new users: UUIDv7 (RFC 9562), time-ordered, so that a batch's new users are appended to the primary
// key instead of landing on random pages of it.
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Random bytes are drawn this many ids at a time. */
const IDS_PER_DRAW = 4096;

/**
 * UUIDv7 ids that increase within the process: the 48-bit millisecond timestamp, then a counter that starts at a
 * random value each millisecond and counts up within it (RFC 9562 §6.2, method 1; uuid's own v7() does the same),
 * then random bits. uuid's v7() draws 256 random bytes at a time, one call into the operating system's generator
 * per 16 ids, which cost 1.2 s of the worker's CPU in a 1M-row add; this draws them 64 kB at a time.
 */
export class UserIds {
  private readonly random = new Uint8Array(16 * IDS_PER_DRAW);
  private next = this.random.length;
  private msecs = -Infinity;
  private seq = 0;

  newId(): string {
    if (this.next === this.random.length) {
      randomFillSync(this.random);
      this.next = 0;
    }
    const random = this.random.subarray(this.next, (this.next += 16));
    const now = Date.now();
    if (now > this.msecs) {
      this.msecs = now;
      // 31 random bits leave room to count up within the millisecond.
      this.seq = (random[6] << 23) | (random[7] << 16) | (random[8] << 8) | random[9];
    } else {
      this.seq = (this.seq + 1) | 0;
      if (this.seq === 0) this.msecs += 1; // the counter wrapped: borrow the next millisecond
    }
    return v7({ random, msecs: this.msecs, seq: this.seq });
  }
}
