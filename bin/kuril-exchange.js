#!/usr/bin/env node
// The installed command: runs the compiled CLI (built by `npm ci` through the `prepare` script).
import { setFlagsFromString } from 'node:v8';
import { main } from '../dist/cli.js';

// WebAssembly (HiGHS for reconcile, HarfBuzz for font copies) runs on V8's baseline compiler only. The
// optimising compiler would recompile HiGHS's hot functions on background threads: about 0.9 s of CPU in
// a `build` whose solves take about 0.2 s. Same results (WebAssembly arithmetic is exact); set before
// any WebAssembly is compiled, for this process only.
setFlagsFromString('--liftoff-only');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
