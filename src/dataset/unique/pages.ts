// Growing lists of 32-bit numbers in fixed pages, shared by the indexes of unique values.

/** Numbers per page, as a power of two. */
export const PAGE_BITS = 12;
/** Numbers per page. */
export const PAGE = 1 << PAGE_BITS;
/** A number's place within its page: `k & PAGE_MASK`. */
export const PAGE_MASK = PAGE - 1;

/** A growing list of whole numbers below 2^32, in pages of 4096 (growing never copies them). */
export class Pages {
  readonly pages: Uint32Array<ArrayBuffer>[] = [];

  get(k: number): number {
    return this.pages[k >>> PAGE_BITS]![k & PAGE_MASK]!;
  }

  /** Sets number `k`; numbers are set in order (`k` is at most one past the last one set). */
  set(k: number, v: number): void {
    const p = k >>> PAGE_BITS;
    if (p === this.pages.length) this.pages.push(new Uint32Array(PAGE));
    this.pages[p]![k & PAGE_MASK] = v;
  }
}
