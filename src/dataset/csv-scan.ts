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
    if (c < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
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

/** Line breaks (CRLF, LF or CR) in a string, counting CRLF once. */
function countBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) { n++; if (s.charCodeAt(i + 1) === 10) i++; }
  }
  return n;
}

/**
 * Reads CSV text record by record with csv-parse, giving each record the line it starts on.
 * Any of CRLF, LF or CR ends a record (so mixed endings never merge rows); a UTF-8 BOM is dropped.
 * Encoding and CSV syntax problems are returned; reading stops at the first one, since nothing
 * after a broken quote can be split into rows reliably.
 */
export async function scanCsv(input: CsvInput, file: string, onRecord: OnRecord): Promise<Problem | null> {
  let lastEnd = 0; // line on which the previous record ended
  let stopped = false;
  let failure: Problem | null = null;
  const parser = csvParse({
    relax_column_count: true,
    skip_empty_lines: false,
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_CHARS,
    on_record: (record: string[], ctx) => {
      if (stopped) return null;
      const start = lastEnd + 1;
      lastEnd = ctx.lines;
      if (onRecord(record, start) === false) stopped = true;
      return null;
    },
  });
  const done = new Promise<void>((resolve) => {
    parser.on('error', (e: CsvError) => {
      failure ??= syntaxProblem(e, file, lastEnd);
      resolve();
    });
    parser.on('end', () => resolve());
    parser.resume();
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let decodedLines = 0; // line breaks handed to the parser so far
  const feed = (chunk: Uint8Array | string): boolean => {
    if (failure || stopped) return false;
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      if (first && chunk.length >= 2) {
        const utf16 = chunk[0] === 0xff && chunk[1] === 0xfe ? 'LE' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'BE' : null;
        if (utf16) {
          failure = { kind: 'encoding-error', file, line: 1, column: 1, message: msg.utf16(utf16) };
          return false;
        }
      }
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const bad = firstInvalidUtf8(chunk);
        const at = bad < 0 ? 0 : bad;
        const prefix = new TextDecoder('utf-8').decode(chunk.subarray(0, at));
        const lineText = prefix.slice(Math.max(prefix.lastIndexOf('\n'), prefix.lastIndexOf('\r')) + 1);
        failure = {
          kind: 'encoding-error',
          file,
          line: decodedLines + countBreaks(prefix) + 1,
          column: lineText.split(',').length,
          message: msg.invalidUtf8(chunk[at] ?? 0),
        };
        return false;
      }
    }
    first = false;
    decodedLines += countBreaks(text);
    if (text.length > 0) parser.write(text);
    return !failure && !stopped;
  };

  if (typeof input === 'string' || input instanceof Uint8Array) {
    feed(input);
  } else if (isIterable(input)) {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
      if (!feed(chunk)) break;
    }
  }
  if (!failure) {
    try {
      const tail = decoder.decode();
      if (tail) parser.write(tail);
    } catch {
      failure = { kind: 'encoding-error', file, line: decodedLines + 1, column: null, message: msg.invalidUtf8(0) };
    }
  }
  parser.end();
  await done;
  return failure;
}

function syntaxProblem(e: CsvError, file: string, lastEnd: number): Problem {
  const column = typeof e.column === 'number' ? e.column + 1 : null;
  const line = typeof e.lines === 'number' ? e.lines : lastEnd + 1;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      // csv-parse reports the end of the file; the quote opened in the record after the last complete one.
      return { kind: 'source-error', file, line: lastEnd + 1, column, message: msg.unclosedQuote() };
    case 'CSV_INVALID_CLOSING_QUOTE': {
      const got = /got "(.*)" at line/.exec(e.message)?.[1] ?? '';
      return { kind: 'source-error', file, line, column, message: msg.textAfterQuote(got) };
    }
    case 'INVALID_OPENING_QUOTE':
      return { kind: 'source-error', file, line, column, message: msg.strayQuote() };
    case 'CSV_MAX_RECORD_SIZE':
      return { kind: 'source-error', file, line: lastEnd + 1, column, message: msg.recordTooLarge(MAX_RECORD_CHARS) };
    default:
      return { kind: 'source-error', file, line, column, message: msg.csvSyntax(e.message) };
  }
}
