import { describe, expect, it } from 'vitest'
import { startingProblem } from '#local/server.ts'

describe('the answer while the local runtime starts', () => {
  it('is a 503 problem document with Retry-After', () => {
    const answer = startingProblem()

    expect(answer.statusCode).toBe(503)
    expect(answer.headers).toEqual({ 'content-type': 'application/problem+json', 'retry-after': '1' })
    expect(JSON.parse(answer.body ?? '')).toMatchObject({ type: '/problems/starting', status: 503 })
  })
})
