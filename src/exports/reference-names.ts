// Territory and assistance-type names in the user's language, for exports and charts.
import type { Db } from '../database/connect.js';
import type { Language } from '../i18n/index.js';
import {
  type AssistanceType,
  type Territory,
  listAssistanceTypes,
  listTerritories,
} from '../reference-data/repository.js';

export interface ReferenceNames {
  territory: (id: number) => string;
  province: (id: number) => string;
  assistanceType: (id: number) => string;
  /** Several names in one cell, separated by "; " (the HXL convention for lists). */
  territories: (ids: number[]) => string;
  provinces: (ids: number[]) => string;
  assistanceTypes: (ids: number[]) => string;
}

export async function referenceNames(db: Db, language: Language): Promise<ReferenceNames> {
  const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
  return referenceNamesOf(territories, assistanceTypes, language);
}

/** The same, from reference rows a page has already read (for its filters). */
export function referenceNamesOf(
  territories: Territory[],
  assistanceTypes: AssistanceType[],
  language: Language,
): ReferenceNames {
  const nameOf = (row: { nameEs: string; nameEn: string }) => (language === 'en' ? row.nameEn : row.nameEs);
  const territoryNames = new Map(territories.map((t) => [t.id, nameOf(t)]));
  const provinces = new Map(territories.map((t) => [t.id, t.province]));
  const typeNames = new Map(assistanceTypes.map((a) => [a.id, nameOf(a)]));
  const join = (names: (string | undefined)[]) => [...new Set(names.filter((n): n is string => Boolean(n)))].join('; ');
  return {
    territory: (id) => territoryNames.get(id) ?? '',
    province: (id) => provinces.get(id) ?? '',
    assistanceType: (id) => typeNames.get(id) ?? '',
    territories: (ids) => join(ids.map((id) => territoryNames.get(id))),
    provinces: (ids) => join(ids.map((id) => provinces.get(id))),
    assistanceTypes: (ids) => join(ids.map((id) => typeNames.get(id))),
  };
}
