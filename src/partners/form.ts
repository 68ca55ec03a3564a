// The HTML form's side of the partner schema: form fields (all text) to schema input, and a
// profile back to form values. Validation itself is the shared schema's job.
import { parseLocaleNumber } from '../shared/numbers.js';
import { NUMERIC_PROFILE_FIELDS, PROFILE_FIELDS, type PartnerProfile } from './partner.js';

export type FormValues = Record<string, string | string[]>;

const NUMBER_FIELDS = new Set<string>([...NUMERIC_PROFILE_FIELDS, 'version']);
const LIST_FIELDS = new Set(['territoryIds', 'assistanceTypeIds']);
const FORM_FIELDS = [...PROFILE_FIELDS, 'version'] as const;

function asList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** A field's text: a form body holds strings, or a list of them when a field is sent twice (the first counts). */
function fieldText(raw: unknown): string {
  const value: unknown = Array.isArray(raw) ? (raw[0] ?? '') : raw;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** What the user typed, kept as text so a failed form shows it back exactly. */
export function submittedValues(body: unknown): FormValues {
  const source = (body ?? {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const field of FORM_FIELDS) {
    const raw = source[field];
    if (LIST_FIELDS.has(field)) values[field] = asList(raw);
    else if (raw !== undefined) values[field] = fieldText(raw);
  }
  return values;
}

/** Form values → the input the shared schema parses (numbers as numbers, lists as id arrays). */
export function inputFromForm(values: FormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    if (LIST_FIELDS.has(field)) {
      input[field] = asList(value).map((id) => (/^\d+$/.test(id) ? Number(id) : id));
    } else if (NUMBER_FIELDS.has(field)) {
      input[field] = parseLocaleNumber(String(value));
    } else {
      input[field] = value;
    }
  }
  return input;
}

export function formValuesOf(profile: PartnerProfile, version?: number): FormValues {
  const values: FormValues = {};
  for (const field of PROFILE_FIELDS) {
    const value = profile[field];
    values[field] = Array.isArray(value) ? value.map(String) : value === null ? '' : String(value);
  }
  if (version !== undefined) values.version = String(version);
  return values;
}
