// Every port of the core, one module per aggregate; importing the module of the port you need keeps
// a file's dependencies visible, this index serves readers who want the whole surface at once.

export type * from './case-fields.ts'
export type * from './cases.ts'
export type * from './common.ts'
export type * from './contact-export.ts'
export type * from './directory.ts'
export type * from './files.ts'
export type * from './identity.ts'
export type * from './kb.ts'
export type * from './links.ts'
export type * from './mail.ts'
export type * from './metrics.ts'
export type * from './queues.ts'
export type * from './sla.ts'
export type * from './surveys.ts'
export type * from './timers.ts'
export type * from './watchers.ts'
