// Preloaded into benchmarked processes (node -r ./bench/rss.cjs ...): at exit, writes the process's
// peak resident set size (bytes), its CPU time (user + system, all threads, ms) and its phase timings,
// if any, to the file named by BENCH_REPORT.
const { writeFileSync } = require('node:fs');
const file = process.env.BENCH_REPORT;
if (file) {
  process.on('exit', () => {
    const phases = globalThis.__kurilPhases ?? null;
    const cpu = process.cpuUsage();
    writeFileSync(
      file,
      JSON.stringify({
        maxRss: process.resourceUsage().maxRSS * 1024,
        cpuMs: (cpu.user + cpu.system) / 1000,
        uptimeMs: performance.now(),
        phases,
      }),
    );
  });
}
