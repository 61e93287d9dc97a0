// A job's data a removal may take (lifecycle.dataRemoval, lifecycle.cancel.removesData): the twin
// removes these fields and the suite looks for them gone, from the one reading of the declaration.

export const DATA_FIELDS = ['input', 'result'] as const;

/** The fields a removal takes: those it names, else all of them. */
export function fieldsRemovedBy(rule: true | { fields?: readonly string[] } | undefined): readonly string[] {
  return (rule === true ? undefined : rule?.fields) ?? DATA_FIELDS;
}
