// The agreement form's values: as typed (text, lists of ids as text), as the schema reads them, and
// as a stored agreement fills them in for editing.
import { parseLocaleNumber } from '../shared/numbers.js';
import type { Agreement } from './repository.js';
import { AGREEMENT_FORM_FIELDS } from './schemas.js';

export type AgreementFormValues = Record<string, string | string[]>;

const ID_LISTS: readonly string[] = ['territoryIds', 'assistanceTypeIds'];

/** The form's fields from a posted body (and the version the user saw). */
export function agreementValues(body: unknown): AgreementFormValues {
  const source = (body ?? {}) as Record<string, unknown>;
  const values: AgreementFormValues = {};
  for (const field of [...AGREEMENT_FORM_FIELDS, 'version']) {
    const raw = source[field];
    if (ID_LISTS.includes(field))
      values[field] = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).map(String);
    else values[field] = typeof raw === 'string' ? raw : '';
  }
  return values;
}

/** What the schema parses: numbers typed the Ecuadorian way ("1.500,50"), blanks as null. */
export function agreementInput(values: AgreementFormValues) {
  const num = (v: string | string[] | undefined) =>
    typeof v === 'string' && v.trim() !== '' ? parseLocaleNumber(v) : null;
  return {
    partnerId: num(values.partnerId),
    code: values.code,
    title: values.title,
    startDate: values.startDate,
    endDate: values.endDate,
    amountUsd: num(values.amountUsd),
    territoryIds: (values.territoryIds as string[]).map(Number),
    assistanceTypeIds: (values.assistanceTypeIds as string[]).map(Number),
    peopleTargeted: num(values.peopleTargeted),
    peopleReached: num(values.peopleReached),
    status: values.status,
  };
}

/** A stored agreement as the edit form shows it. */
export function agreementFormValues(a: Agreement): AgreementFormValues {
  return {
    partnerId: String(a.partnerId),
    code: a.code,
    title: a.title,
    startDate: a.startDate,
    endDate: a.endDate,
    amountUsd: String(a.amountUsd),
    territoryIds: a.territoryIds.map(String),
    assistanceTypeIds: a.assistanceTypeIds.map(String),
    peopleTargeted: a.peopleTargeted === null ? '' : String(a.peopleTargeted),
    peopleReached: a.peopleReached === null ? '' : String(a.peopleReached),
    status: a.status,
    version: String(a.version),
  };
}
