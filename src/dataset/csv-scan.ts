import { isUtf8 } from 'node:buffer';
import { parse as csvParse, type CsvError } from 'csv-parse';
import { msg, type Problem } from '../messages.js';

/** Largest record accepted, in characters: a longer one is almost always a quote left open. */
export const MAX_RECORD_CHARS = 1 << 20;

/** Where CSV text comes from: a whole string or buffer, or chunks from a stream. */
export type CsvInput = string | Uint8Array | Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/** Called for each record with the line it starts on; return false to stop reading. */
export type OnRecord = (fields: string[], line: number) => boolean | void;

function isIterable(x: unknown): x is Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string> {
  return typeof x === 'object' && x !== null && (Symbol.asyncIterator in x || Symbol.iterator in x);
}

/** Index of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i; // truncated at the end
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Where a scan starts: a whole file, or a part of one that starts with a record. */
export interface ScanOptions {
  /** Line the first record starts on (default 1). */
  firstLine?: number;
  /**
   * The input starts in the middle of a file, right after a line break that ends a record: no byte
   * order mark is looked for (one there is text, as it would be for a reader of the whole file).
   */
  midFile?: boolean;
  /** Told what a failure is: csv-parse's error code for a syntax problem, `encoding` for an encoding one. */
  onFailure?: (code: string) => void;
  /**
   * With `midFile`: the number of fields the file's first record (its header) has. csv-parse compares every
   * record's length with its first one's, building an error object (dropped, lengths are relaxed) for each
   * that differs: a part starting with a short record would pay that on every row. A record of this many
   * empty fields is parsed first and not delivered, so the part's records are measured as the file's are.
   */
  headerFields?: number;
}

/** Line breaks (CRLF, LF or CR) in a string, counting CRLF once. */
function countBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** Line breaks inside the fields of a record (only quoted fields can hold them). */
function breaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) if (f.length > 0 && (f.includes('\n') || f.includes('\r'))) n += countBreaks(f);
  return n;
}

/** Where a trailing incomplete UTF-8 sequence starts in `b` (its length when there is none). */
function completeLength(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if (c < 0x80) return n;
    if (c < 0xc0) continue; // continuation byte: look further back for the lead byte
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    return need > k ? n - k : n;
  }
  return n;
}

/** What csv-parse holds about the record it is reading (not part of its typed API). */
interface ParserState {
  record?: unknown;
  field?: { toString(encoding: string): string };
}

/** csv-parse's buffer for the field being read (not part of its typed API). */
interface FieldBuffer {
  buf: Buffer;
  length: number;
  toString(encoding?: BufferEncoding): string | Uint8Array;
}

/**
 * csv-parse makes each field's string with `buf.slice(0, length).toString(encoding)`: a new Buffer object
 * for every field, ten million of them for a million rows. On this parser's own field buffer, the same
 * text is read with `buf.toString(encoding, 0, length)`, which makes none. Without an encoding (csv-parse
 * then wants bytes) the library's own method answers. Left alone if the buffer is not shaped as expected.
 */
export function lighterFields(parser: unknown): boolean {
  const field = (parser as { state?: { field?: Partial<FieldBuffer> } }).state?.field;
  if (!field || !Buffer.isBuffer(field.buf) || typeof field.length !== 'number' || typeof field.toString !== 'function') return false;
  const own = field.toString;
  field.toString = function (this: FieldBuffer, encoding?: BufferEncoding) {
    return encoding ? this.buf.toString(encoding, 0, this.length) : own.call(this, encoding);
  };
  return true;
}

/**
 * Reads CSV text record by record with csv-parse, giving each record the line it starts on.
 * Any of CRLF, LF or CR ends a record (so mixed endings never merge rows); a UTF-8 BOM is dropped.
 * Lines are counted here from the records' own text (csv-parse counts a CRLF inside a quoted field
 * twice), so they do not depend on how the input is split into chunks.
 * Encoding and CSV syntax problems are returned; reading stops at the first one, since nothing
 * after a broken quote can be split into rows reliably. Records before it are all delivered.
 */
export async function scanCsv(input: CsvInput, file: string, onRecord: OnRecord, options: ScanOptions = {}): Promise<Problem | null> {
  let nextLine = options.firstLine ?? 1; // line the next record starts on
  let failureCode = 'encoding';
  const midFile = options.midFile === true;
  let stopped = false;
  let failure: Problem | null = null;
  // After a bad byte, the text before it is parsed to the end; the last record that yields may be
  // the unfinished one holding the bad byte, so it is held back until the end.
  let probing = false;
  let held: { fields: string[]; line: number } | null = null;
  let probe: { line: number; column: number } | null = null;

  const deliver = (fields: string[], line: number): void => {
    if (!stopped && onRecord(fields, line) === false) stopped = true;
  };
  const parser = csvParse({
    relax_column_count: true,
    skip_empty_lines: false,
    bom: !midFile,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_CHARS,
  });
  lighterFields(parser);
  // Records arrive as 'data' events, emitted synchronously while the parser works on a write
  // (flowing mode), so they interleave with errors exactly as csv-parse meets them. (`on_record`
  // would do the same, but makes csv-parse build an info object for every record: 2 s per million.)
  let primed = midFile && (options.headerFields ?? 0) > 0;
  parser.on('data', (record: string[]) => {
    if (primed) {
      primed = false; // the record of empty fields written first: not the input's
      return;
    }
    const line = nextLine;
    nextLine = line + 1 + breaksIn(record);
    if (probing) {
      if (held) deliver(held.fields, held.line);
      held = { fields: record, line };
    } else {
      deliver(record, line);
    }
  });
  const state = (): { done: string[]; partial: string } => {
    const st = (parser as unknown as { state?: ParserState }).state;
    const done = Array.isArray(st?.record) ? (st.record as unknown[]).map(String) : [];
    const partial = st?.field && typeof st.field.toString === 'function' ? String(st.field.toString('utf8')) : '';
    return { done, partial };
  };
  const done = new Promise<void>((resolve) => {
    parser.on('error', (e: CsvError) => {
      if (!stopped && !failure) {
        const { done: fields, partial } = state();
        const fieldLine = nextLine + breaksIn(fields);
        if (probing && e.code === 'CSV_QUOTE_NOT_CLOSED') {
          // The bad byte sits inside a quoted field: not a quote left open.
          probe = { line: fieldLine + countBreaks(partial), column: fields.length + 1 };
        } else {
          failure = syntaxProblem(e, file, nextLine, fieldLine, fields.length + 1, countBreaks(partial));
          failureCode = String(e.code);
        }
      }
      resolve();
    });
    parser.on('end', () => resolve());
  });

  let checkedStart = midFile; // whether the first two bytes were checked for a UTF-16 byte order mark
  let pending: Uint8Array = new Uint8Array(0); // bytes of an incomplete character, or the first byte
  let lastByte = -1; // last byte (or UTF-16 code unit) given to the parser
  let badByte = -1;
  const broken = (): boolean => failure !== null || badByte >= 0 || stopped || parser.errored !== null;
  const write = (data: Uint8Array | string): void => {
    if (data.length === 0) return;
    lastByte = typeof data === 'string' ? data.charCodeAt(data.length - 1) : data[data.length - 1]!;
    parser.write(data);
  };
  /** Hands bytes that end on a character boundary to the parser, stopping at the first bad byte. */
  const writeChecked = (body: Uint8Array): void => {
    if (isUtf8(body)) {
      write(body);
      return;
    }
    const at = Math.max(0, firstInvalidUtf8(body));
    write(body.subarray(0, at));
    if (parser.errored !== null || stopped) return; // a problem before the bad byte comes first
    badByte = body[at] ?? 0;
  };
  const feed = (chunk: Uint8Array | string): boolean => {
    if (broken()) return false;
    if (typeof chunk === 'string') {
      if (pending.length > 0) {
        const bytes = pending;
        pending = new Uint8Array(0);
        writeChecked(bytes); // an incomplete character before text: reported as a bad byte
        if (broken()) return false;
      }
      checkedStart = true;
      write(chunk);
      return !broken();
    }
    let buf = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    pending = new Uint8Array(0);
    if (!checkedStart) {
      if (buf.length < 2) {
        pending = Uint8Array.prototype.slice.call(buf);
        return true;
      }
      checkedStart = true;
      const utf16 = buf[0] === 0xff && buf[1] === 0xfe ? 'LE' : buf[0] === 0xfe && buf[1] === 0xff ? 'BE' : null;
      if (utf16) {
        failure = { kind: 'encoding-error', file, line: 1, column: null, message: msg.utf16(utf16) };
        return false;
      }
    }
    const cut = completeLength(buf);
    if (cut < buf.length) {
      pending = Uint8Array.prototype.slice.call(buf, cut);
      buf = buf.subarray(0, cut);
    }
    writeChecked(buf);
    return !broken();
  };

  if (primed) parser.write(`${','.repeat(options.headerFields! - 1)}\n`);
  if (typeof input === 'string' || input instanceof Uint8Array) {
    feed(input);
  } else if (isIterable(input)) {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
      if (!feed(chunk)) break;
    }
  }
  if (!broken() && pending.length > 0) {
    // No more input: a short file, or a character cut off at the end.
    const bytes = pending;
    pending = new Uint8Array(0);
    writeChecked(bytes);
  }
  if (badByte >= 0) probing = true;
  parser.end();
  await done;
  if (probing && failure && held) {
    // A syntax error after the last record read: that record was complete.
    const last = held as { fields: string[]; line: number };
    deliver(last.fields, last.line);
  }
  if (badByte >= 0 && !failure && !stopped) {
    let at = probe as { line: number; column: number } | null;
    const last = held as { fields: string[]; line: number } | null;
    if (!at) {
      if (last && lastByte !== 10 && lastByte !== 13) {
        // The record held back is the unfinished one: the bad byte is at its end.
        at = { line: last.line + breaksIn(last.fields), column: last.fields.length };
      } else {
        if (last) deliver(last.fields, last.line);
        at = { line: nextLine, column: 1 };
      }
    } else if (last) {
      deliver(last.fields, last.line);
    }
    if (!stopped) failure = { kind: 'encoding-error', file, line: at.line, column: at.column, message: msg.invalidUtf8(badByte) };
  }
  if (failure) options.onFailure?.(failureCode);
  return failure;
}

/**
 * The problem for a csv-parse error. `recordLine` is where the record starts, `fieldLine` where the
 * field being read starts, `column` its number, `inField` the line breaks read inside it so far.
 */
function syntaxProblem(e: CsvError, file: string, recordLine: number, fieldLine: number, column: number, inField: number): Problem {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { kind: 'source-error', file, line: fieldLine, column, message: msg.unclosedQuote() };
    case 'CSV_INVALID_CLOSING_QUOTE': {
      const got = /got "(.*)" at line/.exec(e.message)?.[1] ?? '';
      // csv-parse names one byte: only an ASCII character can be shown as it is.
      const shown = got.length === 1 && got.charCodeAt(0) < 0x80 ? got : '';
      return { kind: 'source-error', file, line: fieldLine + inField, column, message: msg.textAfterQuote(shown) };
    }
    case 'INVALID_OPENING_QUOTE':
      return { kind: 'source-error', file, line: fieldLine, column, message: msg.strayQuote() };
    case 'CSV_MAX_RECORD_SIZE':
      return { kind: 'source-error', file, line: recordLine, column, message: msg.recordTooLarge(MAX_RECORD_CHARS) };
    default:
      return { kind: 'source-error', file, line: fieldLine + inField, column, message: msg.csvSyntax(e.message) };
  }
}
