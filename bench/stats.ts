/** The value below which `p` (0–1) of the sorted samples fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  return sorted[rank] as number
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5)
}

/** Runs `fn` `times` times in a row and returns each run's wall time in milliseconds. */
export async function timeEach(times: number, fn: () => Promise<unknown>): Promise<number[]> {
  const result: number[] = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    await fn()
    result.push(performance.now() - started)
  }
  return result
}
