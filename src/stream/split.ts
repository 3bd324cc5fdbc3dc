// Where a file is cut in two for two reader threads: a record boundary near its middle.
import { open } from 'node:fs/promises';

/** A record boundary to split a file at. */
export interface Split {
  /** Byte the second part starts at. */
  at: number;
  /** Line the second part starts on. */
  firstLine: number;
}

/**
 * The first record boundary at or after byte `from`: the end of the first line break there (CRLF, LF or CR)
 * after an even number of `"` bytes, so it is not inside a quoted field. Also counts the line breaks
 * before it, as the reader counts them. `null` when there is none.
 */
export async function findSplit(path: string, size: number, from: number): Promise<Split | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let quotes = 0;
    let breaks = 0;
    let pos = 0; // file position of buf[0]
    let prevCr = false; // the byte before buf[0] was a CR
    // Before `from`, only counts matter: quotes, and line breaks (LF, CR, less the CR LF pairs), found with indexOf.
    while (pos < from) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, from - pos), pos);
      if (bytesRead === 0) return null;
      const b = buf.subarray(0, bytesRead);
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) {
        if (!(i === 0 ? prevCr : b[i - 1] === 13)) breaks++;
      }
      for (let i = b.indexOf(13); i >= 0; i = b.indexOf(13, i + 1)) breaks++;
      for (let i = b.indexOf(34); i >= 0; i = b.indexOf(34, i + 1)) quotes++;
      prevCr = b[bytesRead - 1] === 13;
      pos += bytesRead;
    }
    // From `from`, byte by byte to the first line break after an even number of quotes.
    let found = -1; // file position of a CR that may be followed by LF
    while (pos < size) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) {
        const c = buf[i]!;
        if (c > 34) {
          if (found >= 0) return { at: found + 1, firstLine: breaks + 1 };
          prevCr = false;
          continue;
        }
        if (found >= 0) {
          // A CR at the boundary: the boundary is after the LF that follows it, if one does.
          return c === 10 ? { at: found + 2, firstLine: breaks + 1 } : { at: found + 1, firstLine: breaks + 1 };
        }
        if (c === 34) {
          quotes++;
          prevCr = false;
        } else if (c === 10) {
          if (!prevCr) breaks++;
          prevCr = false;
          if ((quotes & 1) === 0) return { at: pos + i + 1, firstLine: breaks + 1 };
        } else if (c === 13) {
          breaks++;
          prevCr = true;
          if ((quotes & 1) === 0) found = pos + i;
        } else {
          prevCr = false;
        }
      }
      pos += bytesRead;
    }
    return found >= 0 ? { at: found + 1, firstLine: breaks + 1 } : null;
  } finally {
    await fh.close();
  }
}
