import { afterEach, describe, expect, it } from 'vitest'
import { JavaMissingError, startDynamoDbLocal } from '#local/dynamodb-local.ts'

describe('startDynamoDbLocal', () => {
  const originalPath = process.env.PATH

  afterEach(() => {
    process.env.PATH = originalPath
  })

  it('names Java 17 when java is not on the PATH', async () => {
    // Arrange: a PATH on which no java can be found.
    process.env.PATH = '/nonexistent'

    // Act
    const starting = startDynamoDbLocal()

    // Assert
    await expect(starting).rejects.toBeInstanceOf(JavaMissingError)
    await expect(starting).rejects.toThrow(/Java 17/)
  })
})
