import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bucketOf,
  bucketRange,
  bucketValue,
  countOf,
  type Histogram,
  mergeHistograms,
  quantile,
  withValue,
} from '#src/domain/metrics/histogram.ts'

const histogramOf = (values: readonly number[]): Histogram =>
  values.reduce<Histogram>((histogram, value) => withValue(histogram, value), {})

/** The nearest-rank quantile of the values themselves, as a sorted sample would answer it. */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].map((v) => Math.max(0, Math.round(v))).sort((a, b) => a - b)
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number
}

describe('first-response histogram buckets', () => {
  it('keeps every minute below 32 exactly', () => {
    for (let minute = 0; minute < 32; minute++) {
      expect(bucketValue(bucketOf(minute))).toBe(minute)
    }
  })

  it('cuts each doubling above into 16 buckets: 32–33, 34–35, …, 64–67, 176–183', () => {
    expect(bucketRange(bucketOf(32))).toEqual({ low: 32, high: 33 })
    expect(bucketRange(bucketOf(35))).toEqual({ low: 34, high: 35 })
    expect(bucketRange(bucketOf(63))).toEqual({ low: 62, high: 63 })
    expect(bucketRange(bucketOf(64))).toEqual({ low: 64, high: 67 })
    expect(bucketRange(bucketOf(180))).toEqual({ low: 176, high: 183 })
    expect(bucketValue(bucketOf(180))).toBe(179)
  })

  it('rounds to whole minutes and counts negative minutes as 0', () => {
    expect(bucketOf(29.6)).toBe(30)
    expect(bucketOf(-5)).toBe(0)
  })

  it('puts every value into a bucket that holds it, answered within 1/32 of the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (minutes) => {
        const bucket = bucketOf(minutes)
        const { low, high } = bucketRange(bucket)
        expect(low).toBeLessThanOrEqual(minutes)
        expect(high).toBeGreaterThanOrEqual(minutes)
        expect(Math.abs(bucketValue(bucket) - minutes)).toBeLessThanOrEqual(minutes / 32)
      }),
    )
  })

  it('numbers buckets without gaps or overlaps: each one starts right after the one before', () => {
    for (let bucket = 1; bucket < 400; bucket++) {
      expect(bucketRange(bucket).low).toBe(bucketRange(bucket - 1).high + 1)
    }
  })

  it('needs fewer than 250 buckets for a year of business minutes (250 days of 9 hours)', () => {
    expect(bucketOf(250 * 9 * 60)).toBeLessThan(250)
  })
})

describe('median and p90 from the histogram', () => {
  it('answers nothing for no values', () => {
    expect(quantile({}, 0.5)).toBeUndefined()
  })

  it('answers the nearest rank: the median of 30 and 180 is 30, their p90 is 180’s bucket', () => {
    const histogram = histogramOf([180, 30])

    expect(quantile(histogram, 0.5)).toBe(30)
    expect(quantile(histogram, 0.9)).toBe(179)
  })

  it('agrees with the exact nearest-rank quantile within half a bucket', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 200 }),
        fc.constantFrom(0.5, 0.9),
        (values, q) => {
          const exact = exactQuantile(values, q)
          expect(Math.abs((quantile(histogramOf(values), q) as number) - exact)).toBeLessThanOrEqual(
            exact / 32,
          )
        },
      ),
    )
  })

  it('merges exactly: the merged histogram is the histogram of all values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 })),
        fc.array(fc.integer({ min: 0, max: 5000 })),
        (a, b) => {
          const merged = mergeHistograms(histogramOf(a), histogramOf(b))
          expect(merged).toEqual(histogramOf([...a, ...b]))
          expect(countOf(merged)).toBe(a.length + b.length)
        },
      ),
    )
  })
})
