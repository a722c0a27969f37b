import { describe, expect, it } from 'vitest'
import { handler } from '#functions/files/file-ready.ts'

describe('the file-ready handler', () => {
  it('drops a notification that is not an S3 event, without touching anything', async () => {
    // Act: a malformed event never reaches the dependencies (no environment is needed).
    const result = await handler({ detail: { bucket: 'not the S3 notification shape' } })

    // Assert
    expect(result).toEqual({ outcomes: [] })
  })
})
