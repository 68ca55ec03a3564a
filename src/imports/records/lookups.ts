// What every row of an import is matched against, prepared once per run: reference data and option
// labels by name, and every stored partner by RUC and by name.
import type { Executor } from '../../database/executor.js';
import { en, es } from '../../i18n/index.js';
import { LOCALIZATION_CATEGORIES, ORGANIZATION_TYPES, PARTNER_STATUSES } from '../../partners/partner.js';
import { partnerIdentities } from '../../partners/service.js';
import { AGREEMENT_STATUSES } from '../../portfolio/rules.js';
import { listAssistanceTypes, listTerritories } from '../../reference-data/repository.js';
import { nameKey } from '../../shared/text.js';
import { type RowReader, normalizeRuc } from '../row-reader.js';
import { ValueList, optionList, recordList } from '../values/value-list.js';
import type { ValueListName } from '../values/vocabulary.js';

const labelsIn = (prefix: string) => (option: string) => ({
  es: (es as Record<string, string>)[`${prefix}.${option}`] ?? option,
  en: (en as Record<string, string>)[`${prefix}.${option}`] ?? option,
});

/** How a partner row relates to the stored partners. */
export type PartnerMatch =
  | { kind: 'stored'; id: number }
  /** Several stored partners carry the name and none is told apart by a RUC. */
  | { kind: 'ambiguous' }
  /** New, though partners with another RUC carry the same name. */
  | { kind: 'namesake' }
  | { kind: 'new' };

/**
 * A preview writes nothing, so a partner it would create has a provisional id (negative, never
 * stored): later rows and sheets find it, and nothing is queried or written with it.
 */
export const isProvisional = (partnerId: number): boolean => partnerId < 0;

/** Finds the partner a row names: by RUC, else by exact normalized name. */
export class PartnerFinder {
  private readonly byRuc = new Map<string, number>();
  private readonly byName = new Map<string, number[]>();
  private readonly rucOf = new Map<number, string | null>();
  private lastProvisional = 0;

  /** Adds a partner a preview would create, under a new provisional id, and returns it. */
  addProvisional(ruc: string | null, key: string): number {
    this.lastProvisional--;
    this.add(this.lastProvisional, ruc, key);
    return this.lastProvisional;
  }

  constructor(rows: { id: number; ruc: string | null; nameKey: string }[]) {
    for (const row of rows) this.add(row.id, row.ruc, row.nameKey);
  }

  add(id: number, ruc: string | null, key: string): void {
    if (ruc) this.byRuc.set(ruc, id);
    this.rucOf.set(id, ruc);
    const named = this.byName.get(key);
    if (named) named.push(id);
    else this.byName.set(key, [id]);
  }

  /** The stored partner a partner row with this RUC and name key describes, if any. */
  match(ruc: string | null, key: string): PartnerMatch {
    const byRuc = ruc === null ? undefined : this.byRuc.get(ruc);
    if (byRuc !== undefined) return { kind: 'stored', id: byRuc };
    if (key === '') return { kind: 'new' };
    const named = this.byName.get(key) ?? [];
    // A row with a RUC can only be a namesake stored without one; a row without a RUC, any namesake.
    const [candidate, ...others] = named.filter((id) => ruc === null || this.rucOf.get(id) === null);
    if (candidate === undefined) return { kind: named.length > 0 ? 'namesake' : 'new' };
    return others.length > 0 ? { kind: 'ambiguous' } : { kind: 'stored', id: candidate };
  }

  /** The partner an event, review or agreement row names, or undefined with an issue. */
  referenced(reader: RowReader): number | undefined {
    const ruc = reader.has('partnerRuc') ? normalizeRuc(reader.cell('partnerRuc')) : '';
    if (ruc !== '') {
      const id = this.byRuc.get(ruc);
      if (id !== undefined) return id;
      if (!reader.has('partner')) {
        reader.issue('partnerRuc', 'imports.error.partnerRucUnknown', { ruc });
        return undefined;
      }
    }
    if (!reader.has('partner')) {
      reader.issue('partner', 'imports.error.partnerMissing');
      return undefined;
    }
    const ids = this.byName.get(nameKey(reader.text('partner'))) ?? [];
    const [only] = ids;
    if (only !== undefined && ids.length === 1) return only;
    reader.issue('partner', ids.length === 0 ? 'imports.error.partnerUnknown' : 'imports.error.partnerAmbiguous', {
      name: reader.text('partner'),
    });
    return undefined;
  }
}

/** The lists import columns take their values from. */
export interface ValueLists {
  territories: ValueList<number>;
  assistanceTypes: ValueList<number>;
  organizationTypes: ValueList<(typeof ORGANIZATION_TYPES)[number]>;
  localizationCategories: ValueList<(typeof LOCALIZATION_CATEGORIES)[number]>;
  partnerStatuses: ValueList<(typeof PARTNER_STATUSES)[number]>;
  agreementStatuses: ValueList<(typeof AGREEMENT_STATUSES)[number]>;
  ratings: ValueList<number>;
}

export interface Lookups extends ValueLists {
  partners: PartnerFinder;
}

const RATINGS = ['1', '2', '3', '4', '5'] as const;

export async function prepareLookups(db: Executor): Promise<Lookups> {
  const [lists, partners] = await Promise.all([prepareValueLists(db), partnerIdentities(db)]);
  return { ...lists, partners: new PartnerFinder(partners) };
}

export async function prepareValueLists(db: Executor): Promise<ValueLists> {
  const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
  return {
    territories: recordList('territory', territories),
    assistanceTypes: recordList('assistanceType', assistanceTypes),
    organizationTypes: optionList('organizationType', ORGANIZATION_TYPES, labelsIn('organizationType')),
    localizationCategories: optionList('localizationCategory', LOCALIZATION_CATEGORIES, labelsIn('localization')),
    partnerStatuses: optionList('partnerStatus', PARTNER_STATUSES, labelsIn('status')),
    agreementStatuses: optionList('agreementStatus', AGREEMENT_STATUSES, labelsIn('agreementStatus')),
    ratings: new ValueList(
      'rating',
      RATINGS.map((code) => {
        const { es: labelEs, en: labelEn } = labelsIn('imports.rating')(code);
        return { value: Number(code), code, labelEs, labelEn, names: [labelEs, labelEn] };
      }),
    ),
  };
}

/** The territories and assistance types a partner or agreement row lists, where it lists them; unknown names are issues. */
export function readCoverage(
  reader: RowReader,
  lookups: Lookups,
): { territoryIds?: number[]; assistanceTypeIds?: number[] } {
  const territoryIds = reader.names('territories', lookups.territories);
  const assistanceTypeIds = reader.names('assistanceTypes', lookups.assistanceTypes);
  return { ...(territoryIds && { territoryIds }), ...(assistanceTypeIds && { assistanceTypeIds }) };
}

/** The import lists by the name a value mapping gives them; flags and decisions have no import column. */
export function listNamed(lists: ValueLists, name: ValueListName): ValueList<number | string> | undefined {
  const byName: Partial<Record<ValueListName, ValueList<number> | ValueList<string>>> = {
    territory: lists.territories,
    assistanceType: lists.assistanceTypes,
    organizationType: lists.organizationTypes,
    localizationCategory: lists.localizationCategories,
    partnerStatus: lists.partnerStatuses,
    agreementStatus: lists.agreementStatuses,
    rating: lists.ratings,
  };
  return byName[name];
}
