// What an update changes, field by field, as people read it. The values are worked out once, in
// both languages, when the row is read (names of territories and assistance types, option labels,
// dates as dates, numbers as each language writes them), so the preview, the summary and the API
// show them without looking anything up again; a change beyond the listed ones is only counted.
import type { Executor } from '../../database/executor.js';
import { type Language, formatters, labelKey, translator } from '../../i18n/index.js';
import { partnersByIds } from '../../partners/service.js';
import { referenceLists } from '../../reference-data/service.js';
import type { FieldChange, ImportEntity, ShownValue } from '../import-record.js';
import type { RowReader } from '../row-reader.js';
import type { Tally } from '../tally.js';

/** How a stored value reads: as text, a number, a day, a moment, reference names or an option's label. */
export type ValueKind =
  | 'text'
  | 'number'
  | 'day'
  | 'dateTime'
  | 'territories'
  | 'assistanceTypes'
  | 'organizationType'
  | 'localization'
  | 'status'
  | 'agreementStatus';

/** A stored field: the import field (column) that sets it, and how its value reads. */
export interface ShownField {
  field: string;
  kind: ValueKind;
}

export interface ChangedRecord {
  reader: RowReader;
  entity: ImportEntity;
  recordId: number;
  partnerId: number;
  record: string;
  /** The stored fields that differ, with their values before and after. */
  fields: (ShownField & { before: unknown; after: unknown })[];
}

type Names = Map<number, ShownValue>;

// A long note is cut in the list: the record itself holds it whole.
const SHOWN_LENGTH = 200;
// Amounts keep their cents; the locales are the app's (es-EC, en-US).
const NUMBERS = {
  es: new Intl.NumberFormat('es-EC', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
};
const FORMAT = { es: formatters('es'), en: formatters('en') };
const T = { es: translator('es'), en: translator('en') };

const both = (show: (lang: Language) => string): ShownValue => ({ es: show('es'), en: show('en') });
const cut = (text: string) => (text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 1)}…` : text);
const isBlank = (value: unknown) => value === null || value === undefined || value === '';
// Stored values are text, numbers and id lists; anything else reads as its JSON.
const asText = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);

function shown(kind: ValueKind, value: unknown, names: { territories: Names; assistanceTypes: Names }): ShownValue {
  if (isBlank(value) || (Array.isArray(value) && value.length === 0)) return { es: '', en: '' };
  const text = asText(value);
  switch (kind) {
    case 'number':
      return typeof value === 'number' ? both((lang) => NUMBERS[lang].format(value)) : both(() => text);
    case 'day':
      return both((lang) => FORMAT[lang].day(text));
    case 'dateTime':
      return both((lang) => FORMAT[lang].dateTime(text));
    case 'territories':
    case 'assistanceTypes': {
      const ids = (Array.isArray(value) ? value : [value]).map(Number);
      return both((lang) => ids.map((id) => names[kind].get(id)?.[lang] ?? `#${id}`).join('; '));
    }
    case 'text':
      return both(() => cut(text));
    default:
      return both((lang) => T[lang](labelKey(kind, text)));
  }
}

/** Lists what updates change in an import's bounded list of changes. */
export class ChangeList {
  private names: Promise<{ territories: Names; assistanceTypes: Names }> | null = null;

  constructor(
    private readonly db: Executor,
    private readonly tally: Tally,
  ) {}

  /** Whether a change would still be listed: the caller may skip working out the record's name. */
  listing(): boolean {
    return this.tally.listsChanges();
  }

  async add({ reader, fields, ...record }: ChangedRecord): Promise<void> {
    if (!this.tally.listsChanges()) {
      this.tally.changedUnlisted(fields.length);
      return;
    }
    const names = await this.referenceNames();
    this.tally.change(
      fields.map(({ field, kind, before, after }): FieldChange => ({
        row: reader.row,
        ...record,
        column: reader.column(field),
        field,
        before: shown(kind, before, names),
        after: shown(kind, after, names),
      })),
    );
  }

  /** Territory and assistance-type names by id, read once per run when a first change needs them. */
  private referenceNames() {
    this.names ??= referenceLists(this.db).then(({ territories, assistanceTypes }) => {
      const byId = (records: { id: number; nameEs: string; nameEn: string }[]): Names =>
        new Map(records.map((r) => [r.id, { es: r.nameEs, en: r.nameEn }]));
      return { territories: byId(territories), assistanceTypes: byId(assistanceTypes) };
    });
    return this.names;
  }
}

/** The fields among `fields` whose stored and new values differ, with both values. */
export function differing<Row>(
  fields: readonly (ShownField & { stored: keyof Row })[],
  current: Row,
  next: Row,
): ChangedRecord['fields'] {
  return fields
    .filter(({ stored }) => JSON.stringify(current[stored] ?? null) !== JSON.stringify(next[stored] ?? null))
    .map(({ field, kind, stored }) => ({ field, kind, before: current[stored], after: next[stored] }));
}

/**
 * Lists the changes of the event or review rows that update a stored record (matched as
 * saveKeyedRows matches them: by partner and key), each named by its partner.
 */
export async function keyedChanges<Row extends { partnerId: number }>(
  db: Executor,
  list: ChangeList,
  entity: ImportEntity,
  fields: readonly (ShownField & { stored: keyof Row })[],
  rows: { row: Row; key: string; reader: RowReader }[],
  stored: (Row & { id: number; importKey: string | null })[],
): Promise<void> {
  const byKey = new Map(stored.map((record) => [`${record.partnerId}:${record.importKey}`, record]));
  const updates = rows.flatMap(({ row, key, reader }) => {
    const current = byKey.get(`${row.partnerId}:${key}`);
    const changed = current ? differing(fields, current, row) : [];
    return current && changed.length > 0 ? [{ reader, current, changed }] : [];
  });
  if (updates.length === 0) return;
  const partners = list.listing() ? await partnersByIds(db, [...new Set(updates.map((u) => u.current.partnerId))]) : [];
  const nameOf = new Map(partners.map((p) => [p.id, p.name]));
  for (const { reader, current, changed } of updates)
    await list.add({
      reader,
      entity,
      recordId: current.id,
      partnerId: current.partnerId,
      record: nameOf.get(current.partnerId) ?? `#${current.partnerId}`,
      fields: changed,
    });
}
