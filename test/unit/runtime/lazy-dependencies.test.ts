import { describe, expect, it, vi } from 'vitest'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'

describe('lazyDependencies', () => {
  it('builds nothing until a member is read, then builds that member once', () => {
    // Arrange
    const buildCases = vi.fn(() => ({ name: 'cases' }))
    const buildClock = vi.fn(() => ({ now: () => new Date(0) }))
    const deps = lazyDependencies({ cases: buildCases, clock: buildClock })

    // Act
    const first = deps.cases
    const second = deps.cases

    // Assert
    expect(first).toBe(second)
    expect(buildCases).toHaveBeenCalledTimes(1)
    expect(buildClock).not.toHaveBeenCalled()
  })

  it('tries a member that failed to build again on the next read', () => {
    // Arrange: the first build fails as a missing setting does.
    let attempts = 0
    const deps = lazyDependencies({
      fileStore: () => {
        attempts++
        if (attempts === 1) throw new Error('Invalid environment: FILES_BUCKET is required')
        return { bucket: 'files' }
      },
    })

    // Act and Assert
    expect(() => deps.fileStore).toThrow('FILES_BUCKET')
    expect(deps.fileStore).toEqual({ bucket: 'files' })
    expect(attempts).toBe(2)
  })

  it('lists its members, so a spread copies them all', () => {
    // Arrange
    const deps = lazyDependencies({ a: () => 1, b: () => 2 })

    // Act and Assert
    expect({ ...deps }).toEqual({ a: 1, b: 2 })
  })
})
