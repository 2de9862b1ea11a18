// Preloaded into benchmarked processes: reports peak RSS (KiB) on stderr as the process exits.
process.on('exit', () => process.stderr.write(`\n@@maxrss ${process.resourceUsage().maxRSS}\n`));
