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
