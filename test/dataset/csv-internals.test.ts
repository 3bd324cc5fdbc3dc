import { parse as csvParse, type CsvError } from 'csv-parse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/dataset/csv-scan.js';

// src/dataset/csv-scan.ts leans on two things csv-parse does not document: the parser's private `state`
// (the fields of the record being read, and the field in progress, when an error stops it) and the text
// of one error message. These tests pin both, so a csv-parse upgrade that changes them fails here.

/** Feeds text to a parser set up as csv-scan.ts sets it up; the first error and the state at that moment. */
async function firstError(text: string): Promise<{ code: string; message: string; record: unknown; field: string }> {
  const parser = csvParse({ relax_column_count: true, skip_empty_lines: false, bom: true, record_delimiter: ['\r\n', '\n', '\r'] });
  let seen: { code: string; message: string; record: unknown; field: string } | null = null;
  parser.on('data', () => {});
  parser.on('error', (e: CsvError) => {
    const st = (parser as unknown as { state?: { record?: unknown; field?: { toString(encoding: string): string } } }).state;
    seen ??= { code: String(e.code), message: e.message, record: st?.record, field: st?.field?.toString('utf8') ?? '(none)' };
  });
  const finished = new Promise<void>((resolve) => {
    parser.on('error', () => resolve());
    parser.on('end', () => resolve());
  });
  parser.write(text);
  parser.end();
  await finished;
  if (!seen) throw new Error('expected an error');
  return seen;
}

describe('csv-parse internals that csv-scan.ts reads', () => {
  it('state.record holds the fields read so far and state.field the one in progress, at an unclosed quote', async () => {
    const e = await firstError('a,b,c\n1,2,"x\ny');
    expect(e.code).toBe('CSV_QUOTE_NOT_CLOSED');
    expect(e.record).toEqual(['1', '2']);
    expect(e.field).toBe('x\ny');
  });

  it('names the text after a closing quote as got "…" at line, which csv-scan.ts reads back', async () => {
    const e = await firstError('a,b\n"x"y,1\n');
    expect(e.code).toBe('CSV_INVALID_CLOSING_QUOTE');
    expect(/got "(.*)" at line/.exec(e.message)?.[1]).toBe('y');
    expect(e.record).toEqual([]);
  });

  it('calls a quote inside an unquoted field INVALID_OPENING_QUOTE', async () => {
    expect((await firstError('a,b\nx"y,1\n')).code).toBe('INVALID_OPENING_QUOTE');
  });
});

/** The first byte that is not valid UTF-8, found independently: the end of the longest prefix that decodes. */
function reference(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let valid = 0;
  for (let end = 1; end <= bytes.length; end++) {
    try {
      decoder.decode(bytes.subarray(0, end));
      valid = end;
    } catch {
      // a prefix ending inside a character, or a bad byte
    }
  }
  return valid === bytes.length ? -1 : valid;
}

describe('firstInvalidUtf8', () => {
  it.each([
    ['ASCII', [0x61, 0x62], -1],
    ['empty', [], -1],
    ['two-, three- and four-byte characters (é, €, 😀)', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong two-byte form of "/"', [0xc0, 0xaf], 0],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['a UTF-16 surrogate (U+D800) in UTF-8', [0xed, 0xa0, 0x80], 0],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a lead byte followed by ASCII', [0x61, 0xe2, 0x28, 0xa1], 1],
    ['a character cut off at the end', [0x61, 0x62, 0xe2, 0x82], 2],
    ['0xFF', [0xff], 0],
  ])('%s', (_name, bytes, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
    expect(reference(Uint8Array.from(bytes))).toBe(expected);
  });

  it('agrees with TextDecoder on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => firstInvalidUtf8(bytes) === reference(bytes)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.uint8Array({ maxLength: 3 }), (text, tail) => {
        const bytes = Uint8Array.from([...new TextEncoder().encode(text), ...tail]);
        return firstInvalidUtf8(bytes) === reference(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
