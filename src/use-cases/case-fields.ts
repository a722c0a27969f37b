import {
  type CaseFieldDefinition,
  type CaseFieldOption,
  type CaseFieldUsage,
  definitionProblems,
  maxCaseFields,
} from '#src/domain/case-fields.ts'
import { isShownTo } from '#src/domain/custom-field-values.ts'
import { ConflictError, NotFoundError, ValidationError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { CaseFieldAdmin, CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'

/** A new custom field as an admin defines it. */
export interface CreateCaseFieldInput {
  key: string
  labels: CaseFieldDefinition['labels']
  type: CaseFieldDefinition['type']
  options?: CaseFieldOption[] | undefined
  caseTypes: CaseFieldUsage[]
  customerVisible: boolean
  customerEditable: boolean
  active: boolean
}

/** A `PATCH` of a definition: its key and type never change (stored values keep their meaning). */
export type UpdateCaseFieldInput = Partial<
  Pick<
    CreateCaseFieldInput,
    'labels' | 'options' | 'caseTypes' | 'customerVisible' | 'customerEditable' | 'active'
  >
>

export interface CaseFieldAdminDeps {
  fieldAdmin: CaseFieldAdmin
  clock: Clock
}

function checkDefinition(field: CaseFieldDefinition): void {
  const errors = definitionProblems(field)
  if (errors.length) throw new ValidationError('This custom field definition is not valid.', errors)
}

/**
 * The catalogue as the caller may read it: staff every definition, customers the active,
 * customer-visible ones (what a portal renders its forms from).
 * 1. One read of the catalogue (cached briefly per instance).
 */
export async function listCaseFields(
  caller: Caller,
  deps: { caseFields: CaseFieldCatalogue },
): Promise<CaseFieldDefinition[]> {
  const fields = await deps.caseFields.listFields()
  return caller.kind === 'staff' ? fields : fields.filter((field) => isShownTo(field, 'customer'))
}

/**
 * Defines a custom field (admins).
 * 1. Check the definition as a whole (options for its type, who may set it).
 * 2. Refuse a catalogue that is full (one Query page must read it).
 * 3. Write it if its key is free (409 otherwise).
 */
export async function createCaseField(
  input: CreateCaseFieldInput,
  deps: CaseFieldAdminDeps,
): Promise<CaseFieldDefinition> {
  const at = deps.clock.now().toISOString()
  const field: CaseFieldDefinition = {
    key: input.key,
    labels: input.labels,
    type: input.type,
    ...(input.options !== undefined && { options: input.options }),
    caseTypes: input.caseTypes,
    customerVisible: input.customerVisible,
    customerEditable: input.customerEditable,
    active: input.active,
    version: 1,
    createdAt: at,
    updatedAt: at,
  }
  checkDefinition(field)
  const existing = await deps.fieldAdmin.listFieldsFresh()
  const taken = () => new ConflictError(`There is a custom field ${field.key} already: change it with PATCH.`)
  if (existing.some((other) => other.key === field.key)) throw taken()
  if (existing.length >= maxCaseFields) {
    throw new ConflictError(
      `The catalogue holds ${maxCaseFields} fields, its limit: deactivate or reuse one.`,
    )
  }
  if (!(await deps.fieldAdmin.insertField(field))) throw taken()
  return field
}

/**
 * Changes a custom field's definition (admins); deactivating hides it and keeps the stored values.
 * 1. Read it afresh (404 when there is none).
 * 2. Check the changed definition as a whole.
 * 3. Save it conditional on the version read (409 when another admin changed it meanwhile).
 */
export async function updateCaseField(
  key: string,
  input: UpdateCaseFieldInput,
  deps: CaseFieldAdminDeps,
): Promise<CaseFieldDefinition> {
  const current = (await deps.fieldAdmin.listFieldsFresh()).find((field) => field.key === key)
  if (!current) throw new NotFoundError(`There is no custom field ${key}.`)
  const next: CaseFieldDefinition = {
    ...current,
    ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
    version: current.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  }
  checkDefinition(next)
  if (!(await deps.fieldAdmin.saveField(next, current.version))) {
    throw new ConflictError(
      `Custom field ${key} was changed meanwhile: read it again and re-apply your change.`,
    )
  }
  return next
}
