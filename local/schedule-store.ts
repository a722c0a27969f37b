import { conflict, notFound, type ScheduleDefinition } from './scheduler-api.ts'

/** One schedule as the local Scheduler endpoint keeps it, in memory. */
export interface StoredSchedule {
  name: string
  groupName: string
  arn: string
  definition: ScheduleDefinition
  at: Date
  creationDate: Date
  lastModificationDate: Date
  attempts: number
  firstAttemptAt: Date | undefined
  lastError: string | undefined
  /** Ran (with `ActionAfterCompletion: NONE`): kept for GetSchedule, never run again. */
  completed: boolean
}

/** Which schedules ListSchedules asks for; null: any. */
export interface ScheduleFilter {
  groupName: string | null
  namePrefix: string
  state: string | null
}

/** The schedules of every group, by group and name, as Scheduler keeps them. */
export interface ScheduleStore {
  /** CreateSchedule (`mustExist` false) or UpdateSchedule (true): a new version replaces the whole definition. */
  put(name: string, definition: ScheduleDefinition, at: Date, mustExist: boolean): StoredSchedule
  /** The schedule, or ResourceNotFoundException. */
  get(groupName: string, name: string): StoredSchedule
  delete(groupName: string, name: string): void
  /** The matching schedules by group and name. */
  list(filter: ScheduleFilter): StoredSchedule[]
  all(): StoredSchedule[]
  /** Whether `schedule` is still the stored version (not deleted or replaced meanwhile). */
  isCurrent(schedule: StoredSchedule): boolean
  /** After its run: deleted (`ActionAfterCompletion: DELETE`, unless replaced meanwhile) or kept, completed. */
  complete(schedule: StoredSchedule): void
}

const keyOf = (groupName: string, name: string) => `${groupName}/${name}`

export function createScheduleStore(options: { region: string; accountId: string }): ScheduleStore {
  const schedules = new Map<string, StoredSchedule>()

  function get(groupName: string, name: string): StoredSchedule {
    const schedule = schedules.get(keyOf(groupName, name))
    if (!schedule) throw notFound(`Schedule ${name} does not exist.`)
    return schedule
  }

  return {
    put(name, definition, at, mustExist) {
      const groupName = definition.GroupName ?? 'default'
      const existing = schedules.get(keyOf(groupName, name))
      if (mustExist && !existing) throw notFound(`Schedule ${name} does not exist.`)
      if (!mustExist && existing) throw conflict(`Schedule ${name} already exists.`)
      const now = new Date()
      const stored: StoredSchedule = {
        name,
        groupName,
        arn: `arn:aws:scheduler:${options.region}:${options.accountId}:schedule/${groupName}/${name}`,
        definition,
        at,
        creationDate: existing?.creationDate ?? now,
        lastModificationDate: now,
        attempts: 0,
        firstAttemptAt: undefined,
        lastError: undefined,
        completed: false,
      }
      // A new object, never a mutation: a firing in progress holds the old one and will not delete this.
      schedules.set(keyOf(groupName, name), stored)
      return stored
    },
    get,
    delete(groupName, name) {
      get(groupName, name)
      schedules.delete(keyOf(groupName, name))
    },
    list(filter) {
      return [...schedules.values()]
        .filter(
          (s) =>
            (filter.groupName === null || s.groupName === filter.groupName) &&
            s.name.startsWith(filter.namePrefix),
        )
        .filter((s) => filter.state === null || (s.definition.State ?? 'ENABLED') === filter.state)
        .sort((a, b) => keyOf(a.groupName, a.name).localeCompare(keyOf(b.groupName, b.name)))
    },
    all: () => [...schedules.values()],
    isCurrent: (schedule) => schedules.get(keyOf(schedule.groupName, schedule.name)) === schedule,
    complete(schedule) {
      // Only this version of the schedule: one the target replaced meanwhile stays.
      const key = keyOf(schedule.groupName, schedule.name)
      if ((schedule.definition.ActionAfterCompletion ?? 'NONE') === 'DELETE') {
        if (schedules.get(key) === schedule) schedules.delete(key)
      } else schedule.completed = true
    },
  }
}
