/**
 * A compact, mergeable histogram of first-response times in business minutes, so that median and
 * p90 of any period, account or severity come from stored aggregates and never from reading cases.
 *
 * Log-linear buckets (the HdrHistogram scheme): every whole minute below 32 has a bucket of its
 * own; above that, each doubling (32–63, 64–127, …) is cut into 16 equal buckets, so a bucket is
 * at most 1/16 of its lower bound wide. A quantile answers the middle of its bucket: exact below
 * 32 minutes, otherwise within half a bucket, i.e. at most 1/32 (≈ 3.1 %) of the value. A year's
 * worth of business minutes (≈ 150,000) needs fewer than 250 buckets, and a day's aggregate stores
 * only the buckets it saw. Merging two histograms adds their counts, which is exact.
 */

/** Bucket index → how many values fell into it. */
export type Histogram = Readonly<Record<number, number>>

const subBuckets = 16
const exactBelow = 2 * subBuckets

/** The bucket a value falls into; values are rounded to whole minutes, negatives count as 0. */
export function bucketOf(minutes: number): number {
  const value = Math.max(0, Math.round(minutes))
  if (value < exactBelow) return value
  const magnitude = Math.floor(Math.log2(value))
  const shift = magnitude - Math.log2(subBuckets)
  return shift * subBuckets + (value >> shift)
}

/** The whole minutes a bucket holds: `low` up to and including `high`. */
export function bucketRange(index: number): { low: number; high: number } {
  if (index < exactBelow) return { low: index, high: index }
  const shift = Math.floor(index / subBuckets) - 1
  const mantissa = index - shift * subBuckets
  return { low: mantissa * 2 ** shift, high: (mantissa + 1) * 2 ** shift - 1 }
}

/** The value a bucket stands for: its middle minute (rounded down), so the error is at most half a bucket. */
export function bucketValue(index: number): number {
  const { low, high } = bucketRange(index)
  return Math.floor((low + high) / 2)
}

/** The histogram with `minutes` counted once more. */
export function withValue(histogram: Histogram, minutes: number): Histogram {
  const bucket = bucketOf(minutes)
  return { ...histogram, [bucket]: (histogram[bucket] ?? 0) + 1 }
}

/** Both histograms' counts added up. */
export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  const merged: Record<number, number> = { ...a }
  for (const [bucket, count] of Object.entries(b))
    merged[Number(bucket)] = (merged[Number(bucket)] ?? 0) + count
  return merged
}

/** How many values the histogram holds. */
export function countOf(histogram: Histogram): number {
  return Object.values(histogram).reduce((sum, count) => sum + count, 0)
}

/**
 * The nearest-rank quantile (`q` = 0.5 for the median, 0.9 for p90): the value of the bucket that
 * holds the ⌈q·n⌉-th smallest value. Undefined for an empty histogram.
 */
export function quantile(histogram: Histogram, q: number): number | undefined {
  const total = countOf(histogram)
  if (total === 0) return undefined
  const rank = Math.max(1, Math.ceil(q * total))
  const buckets = Object.keys(histogram)
    .map(Number)
    .sort((a, b) => a - b)
  let seen = 0
  for (const bucket of buckets) {
    seen += histogram[bucket] ?? 0
    if (seen >= rank) return bucketValue(bucket)
  }
  return undefined
}
