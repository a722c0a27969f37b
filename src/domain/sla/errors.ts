import { ValidationError } from '#src/domain/errors.ts'

/**
 * The calendar has no opening hours at all, so no due time exists. A 400: the calendar (or the
 * preview request carrying it) is what must change.
 */
export class CalendarNeverOpenError extends ValidationError {
  constructor(calendarId: string) {
    super(`Calendar ${calendarId} has no opening hours, so no business time can be counted on it.`)
    this.name = 'CalendarNeverOpenError'
  }
}

/** The requested business minutes do not fit within the engine's search horizon. */
export class BusinessTimeHorizonError extends ValidationError {
  constructor(detail: string) {
    super(detail)
    this.name = 'BusinessTimeHorizonError'
  }
}
