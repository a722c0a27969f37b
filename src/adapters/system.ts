import { randomUUID } from 'node:crypto'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'

export const systemClock: Clock = { now: () => new Date() }

/** Random UUIDs: opaque, unguessable, and free of any ordering a client could rely on. */
export const uuidGenerator: IdGenerator = { newId: () => randomUUID() }
