/** Percentiles of a list of durations in milliseconds. */
export function summarize(samples: number[]): { p50: number; p95: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { p50: at(0.5), p95: at(0.95), mean };
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times measured; returns the durations. */
export async function measure(
  fn: () => Promise<unknown>,
  runs: number,
  warmup = 20,
): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * Like `measure` for several functions compared with each other: their runs alternate, so a
 * noisy moment on the machine costs them all alike and their ratio stays meaningful.
 */
export async function measureAlternating(
  fns: (() => Promise<unknown>)[],
  runs: number,
  warmup = 20,
): Promise<number[][]> {
  for (let i = 0; i < warmup; i += 1) for (const fn of fns) await fn();
  const samples = fns.map((): number[] => []);
  for (let i = 0; i < runs; i += 1) {
    for (const [index, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      samples[index]!.push(performance.now() - start);
    }
  }
  return samples;
}

export function printRow(name: string, samples: number[]): void {
  const { p50, p95, mean } = summarize(samples);
  console.log(
    `${name.padEnd(40)} p50 ${p50.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms   mean ${mean.toFixed(2).padStart(7)} ms   (n=${samples.length})`,
  );
}
