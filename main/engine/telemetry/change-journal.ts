/**
 * The order in which signals changed, as a ring of ids numbered by a global sequence. Each client keeps only a
 * cursor (the sequence it has sent up to): its next frame is the ids after the cursor whose latest change that is,
 * so a change costs one array write however many clients there are, and coalescing needs no per-client Map.
 * A client that fell further behind than the ring holds is served by a scan of every slot instead.
 */

/** Change journal over dense ids. */
export class ChangeJournal {
  /** Sequence of the newest change (0: none yet). */
  head = 0;
  private ring: Uint32Array;
  private mask: number;
  /** Per id: the sequence of its latest change (0: never changed). */
  private latest: Float64Array;

  constructor(ringSize = 1 << 16, ids = 64) {
    this.ring = new Uint32Array(pow2(ringSize));
    this.mask = this.ring.length - 1;
    this.latest = new Float64Array(ids);
  }

  /** Records a change of `id`; O(1), no allocation (unless ids outgrow the table). */
  record(id: number): void {
    if (id >= this.latest.length) this.growIds(id);
    const seq = ++this.head;
    this.ring[seq & this.mask] = id;
    this.latest[id] = seq;
  }

  /** Resizes the ring (keeping its newest entries) so a client may lag `entries` changes before a full scan. */
  reserve(entries: number): void {
    const size = pow2(entries);
    if (size <= this.ring.length) return;
    const ring = new Uint32Array(size);
    for (let seq = Math.max(1, this.head - this.ring.length + 1); seq <= this.head; seq++) ring[seq & (size - 1)] = this.ring[seq & this.mask] as number;
    this.ring = ring;
    this.mask = size - 1;
  }

  /**
   * Writes into `out` each id changed after `cursor` (once, in order of its latest change) and returns how many,
   * and how many older changes were superseded (coalesced away). `out` must hold every id (`idCapacity`).
   */
  collect(cursor: number, out: Uint32Array): { count: number; superseded: number } {
    let count = 0;
    const pending = this.head - cursor;
    if (pending > this.ring.length) {
      for (let id = 0; id < this.latest.length; id++) if ((this.latest[id] as number) > cursor) out[count++] = id;
      return { count, superseded: pending - count };
    }
    for (let seq = cursor + 1; seq <= this.head; seq++) {
      const id = this.ring[seq & this.mask] as number;
      if (this.latest[id] === seq) out[count++] = id;
    }
    return { count, superseded: pending - count };
  }

  /** How many ids `out` of collect() must be able to hold. */
  get idCapacity(): number {
    return this.latest.length;
  }

  private growIds(id: number): void {
    let size = this.latest.length;
    while (size <= id) size *= 2;
    const latest = new Float64Array(size);
    latest.set(this.latest);
    this.latest = latest;
  }
}

function pow2(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}
