/**
 * Preloaded (`node --import tsx --import ./test/bench/max-rss.ts …`) into a process whose peak memory a
 * benchmark reports: at exit it writes the kernel's peak resident set size of the process to stderr.
 */
process.on('exit', () => {
  process.stderr.write(`\nchartside-bench-max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
