// Small helpers shared by the benchmarks.
export function peakRssSampler(intervalMs = 50): { stop: () => number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
export const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
