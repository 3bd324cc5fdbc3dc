#!/usr/bin/env node
// Seeded generator of large exchange-visits files for the benchmark: many region pairs,
// years 1992-2019, both directions, empty quotes. Same seed and size give the same bytes.
//   node bench/generate.js ROWS FILE [SEED]
import { createWriteStream } from 'node:fs';

/** mulberry32: a small, well-known 32-bit seeded generator. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = 'id,origin,destination,travelers,period_start,period_end,count,qualifier,source_id,quote\n';
const YEARS = 28; // 1992..2019

/**
 * Writes `rows` rows: for each region pair, each year 1992-2019 both ways, and every 50th pair an
 * open-ended "since 1992" figure each way (over n one way). Pairs are added until the row count is met.
 */
export async function generate(rows, file, seed = 1) {
  const random = rng(seed);
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write(HEADER);
  let n = 0;
  let buf = '';
  for (let pair = 0; n < rows; pair++) {
    const a = `Region ${String(pair * 2).padStart(6, '0')}`;
    const b = `Region ${String(pair * 2 + 1).padStart(6, '0')}`;
    const src = `source-${pair % 7}`;
    for (let y = 0; y < YEARS && n < rows; y++) {
      const year = 1992 + y;
      for (const [o, d, who] of [
        [a, b, 'residents of A'],
        [b, a, 'residents of B'],
      ]) {
        if (n >= rows) break;
        buf += `p${pair}-${o === a ? 'ab' : 'ba'}-${year},${o},${d},${who},${year},${year},${Math.floor(random() * 5000)},exact,${src},\n`;
        n++;
      }
    }
    if (pair % 50 === 0) {
      for (const [o, d, who, q] of [
        [a, b, 'residents of A', 'more_than'],
        [b, a, 'residents of B', 'exact'],
      ]) {
        if (n >= rows) break;
        buf += `p${pair}-${o === a ? 'ab' : 'ba'}-since,${o},${d},${who},1992,,${Math.floor(random() * 100000)},${q},${src},\n`;
        n++;
      }
    }
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rows, file, seed] = process.argv.slice(2);
  if (!rows || !file) {
    process.stderr.write('usage: node bench/generate.js ROWS FILE [SEED]\n');
    process.exit(2);
  }
  await generate(Number(rows), file, Number(seed ?? 1));
}
