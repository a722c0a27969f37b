/** True when a write failed only because its condition did not hold (alone or inside a transaction). */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'ConditionalCheckFailedException' ||
      (error.name === 'TransactionCanceledException' &&
        ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
          (r) => r.Code === 'ConditionalCheckFailed',
        )))
  )
}

/** The reason each item of a cancelled transaction gives (`ConditionalCheckFailed`, `None`, ...); empty for any other error. */
export function cancellationCodes(error: unknown): (string | undefined)[] {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return []
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map(
    (r) => r.Code,
  )
}
