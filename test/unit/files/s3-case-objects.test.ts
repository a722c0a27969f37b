import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createS3CaseObjects } from '#src/adapters/aws/s3-case-objects.ts'

const s3 = mockClient(S3Client)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  s3.restore()
})
beforeAll(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')
})
afterAll(() => {
  vi.unstubAllEnvs()
})
beforeEach(() => {
  s3.reset()
})

const bucket = 'caseline-files-test'
const ref = { accountId: 'acme', caseId: 'case-1' }

describe('createS3CaseObjects', () => {
  it('in a versioned bucket, deletes every version and delete marker under both of the case’s prefixes', async () => {
    // Arrange
    s3.on(ListObjectVersionsCommand, { Prefix: 'uploads/acme/case-1/' }).resolves({})
    s3.on(ListObjectVersionsCommand, { Prefix: 'files/acme/case-1/' })
      .resolvesOnce({
        Versions: [{ Key: 'files/acme/case-1/f1', VersionId: 'v2' }],
        IsTruncated: true,
        NextKeyMarker: 'files/acme/case-1/f1',
        NextVersionIdMarker: 'v2',
      })
      .resolvesOnce({
        Versions: [{ Key: 'files/acme/case-1/f1', VersionId: 'v1' }],
        DeleteMarkers: [{ Key: 'files/acme/case-1/f2', VersionId: 'm1' }],
      })
    s3.on(DeleteObjectsCommand).resolves({})
    const objects = createS3CaseObjects({ region: 'eu-central-1', bucket, versioned: true })

    // Act
    const deleted = await objects.deleteCaseObjects(ref)

    // Assert
    expect(deleted).toBe(3)
    expect(s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects)).toEqual([
      [{ Key: 'files/acme/case-1/f1', VersionId: 'v2' }],
      [
        { Key: 'files/acme/case-1/f1', VersionId: 'v1' },
        { Key: 'files/acme/case-1/f2', VersionId: 'm1' },
      ],
    ])
    expect(s3.commandCalls(ListObjectVersionsCommand)[2]?.args[0].input).toMatchObject({
      KeyMarker: 'files/acme/case-1/f1',
      VersionIdMarker: 'v2',
    })
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0)
  })

  it('in a bucket without versions (s3rver), deletes the current objects and nothing when there are none', async () => {
    // Arrange
    s3.on(ListObjectsV2Command, { Prefix: 'uploads/acme/case-1/' }).resolves({})
    s3.on(ListObjectsV2Command, { Prefix: 'files/acme/case-1/' }).resolves({
      Contents: [{ Key: 'files/acme/case-1/f1' }],
    })
    s3.on(DeleteObjectsCommand).resolves({})
    const objects = createS3CaseObjects({ region: 'eu-central-1', bucket, versioned: false })

    // Act
    const deleted = await objects.deleteCaseObjects(ref)

    // Assert
    expect(deleted).toBe(1)
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(1)
    expect(s3.commandCalls(DeleteObjectsCommand)[0]?.args[0].input.Delete?.Objects).toEqual([
      { Key: 'files/acme/case-1/f1' },
    ])
  })

  it('fails when S3 refuses a deletion, so the purge stops before the case item and the next run retries', async () => {
    // Arrange
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'uploads/acme/case-1/f1' }] })
    s3.on(DeleteObjectsCommand).resolves({
      Errors: [{ Key: 'uploads/acme/case-1/f1', Code: 'AccessDenied' }],
    })
    const objects = createS3CaseObjects({ region: 'eu-central-1', bucket, versioned: false })

    // Act, Assert
    await expect(objects.deleteCaseObjects(ref)).rejects.toThrow('AccessDenied')
  })

  it('refuses ids that could reach outside the case’s prefix', async () => {
    // Arrange
    const objects = createS3CaseObjects({ region: 'eu-central-1', bucket, versioned: false })

    // Act, Assert
    await expect(objects.deleteCaseObjects({ accountId: 'acme', caseId: '../globex' })).rejects.toThrow(
      RangeError,
    )
    expect(s3.calls()).toHaveLength(0)
  })
})
