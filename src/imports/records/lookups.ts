// What every row of an import is matched against, prepared once per run: reference data and option
// labels by name, and every stored partner by RUC and by name.
import type { Executor } from '../../database/executor.js';
import { en, es } from '../../i18n/index.js';
import { LOCALIZATION_CATEGORIES, ORGANIZATION_TYPES, PARTNER_STATUSES } from '../../partners/partner.js';
import { partnerIdentities } from '../../partners/service.js';
import { AGREEMENT_STATUSES } from '../../portfolio/rules.js';
import { listAssistanceTypes, listTerritories } from '../../reference-data/repository.js';
import { nameKey } from '../../shared/text.js';
import { NameIndex } from '../names.js';
import { type RowReader, normalizeRuc } from '../row-reader.js';

const labelsIn = (prefix: string) => (option: string) => [
  (es as Record<string, string>)[`${prefix}.${option}`] ?? option,
  (en as Record<string, string>)[`${prefix}.${option}`] ?? option,
];

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

export interface Lookups {
  territories: NameIndex<number>;
  assistanceTypes: NameIndex<number>;
  organizationTypes: NameIndex<(typeof ORGANIZATION_TYPES)[number]>;
  localizationCategories: NameIndex<(typeof LOCALIZATION_CATEGORIES)[number]>;
  partnerStatuses: NameIndex<(typeof PARTNER_STATUSES)[number]>;
  agreementStatuses: NameIndex<(typeof AGREEMENT_STATUSES)[number]>;
  partners: PartnerFinder;
}

export async function prepareLookups(db: Executor): Promise<Lookups> {
  const [territories, assistanceTypes, partners] = await Promise.all([
    listTerritories(db),
    listAssistanceTypes(db),
    partnerIdentities(db),
  ]);
  return {
    territories: NameIndex.ofRecords(territories),
    assistanceTypes: NameIndex.ofRecords(assistanceTypes),
    organizationTypes: NameIndex.ofOptions(ORGANIZATION_TYPES, labelsIn('organizationType')),
    localizationCategories: NameIndex.ofOptions(LOCALIZATION_CATEGORIES, labelsIn('localization')),
    partnerStatuses: NameIndex.ofOptions(PARTNER_STATUSES, labelsIn('status')),
    agreementStatuses: NameIndex.ofOptions(AGREEMENT_STATUSES, labelsIn('agreementStatus')),
    partners: new PartnerFinder(partners),
  };
}

/** The territories and assistance types a partner or agreement row lists, where it lists them; unknown names are issues. */
export function readCoverage(
  reader: RowReader,
  lookups: Lookups,
): { territoryIds?: number[]; assistanceTypeIds?: number[] } {
  const territoryIds = reader.names('territories', lookups.territories, 'imports.error.unknownTerritory');
  const assistanceTypeIds = reader.names(
    'assistanceTypes',
    lookups.assistanceTypes,
    'imports.error.unknownAssistanceType',
  );
  return { ...(territoryIds && { territoryIds }), ...(assistanceTypeIds && { assistanceTypeIds }) };
}
