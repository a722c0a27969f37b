// Ports every use case may need: time, ids, and the shape of a paged list.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
export interface Clock {
  now(): Date
}

export interface IdGenerator {
  newId(): string
}

export interface PageRequest {
  limit: number
  cursor?: string | undefined
}

export interface Paged<T> {
  items: T[]
  nextCursor: string | null
}
