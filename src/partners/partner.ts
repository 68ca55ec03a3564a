// What an implementing partner is, independent of storage and transport.
import { COPCI_SIZE_BANDS, isSmallClass, sizeClassOf, type SizeClass } from './size-class.js';

export const ORGANIZATION_TYPES = [
  'national_ngo',
  'cbo',
  'faith_based',
  'academic',
  'red_cross_red_crescent',
  'government',
  'private_sector',
  'international_ngo',
  'un_agency',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

// IASC Humanitarian Financing Task Team localization categories.
export const LOCALIZATION_CATEGORIES = [
  'local_national_non_state',
  'national_subnational_state',
  'international',
] as const;
export type LocalizationCategory = (typeof LOCALIZATION_CATEGORIES)[number];

export const PARTNER_STATUSES = ['active', 'inactive', 'archived'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

const LOCALIZATION_BY_TYPE: Record<OrganizationType, LocalizationCategory> = {
  national_ngo: 'local_national_non_state',
  cbo: 'local_national_non_state',
  faith_based: 'local_national_non_state',
  academic: 'local_national_non_state',
  red_cross_red_crescent: 'local_national_non_state',
  private_sector: 'local_national_non_state',
  government: 'national_subnational_state',
  international_ngo: 'international',
  un_agency: 'international',
};

export function suggestedLocalization(organizationType: OrganizationType): LocalizationCategory {
  return LOCALIZATION_BY_TYPE[organizationType];
}

export interface PartnerProfile {
  name: string;
  acronym: string | null;
  ruc: string | null;
  organizationType: OrganizationType;
  localizationCategory: LocalizationCategory;
  staffCount: number;
  volunteerCount: number | null;
  annualBudgetUsd: number | null;
  yearFounded: number | null;
  territoryIds: number[];
  assistanceTypeIds: number[];
  adminSteps: number | null;
  declaredResponseHours: number | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  notes: string | null;
  status: PartnerStatus;
}

export interface Partner extends PartnerProfile {
  id: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  sizeClass: SizeClass;
  isSmall: boolean;
}

export const PROFILE_FIELDS = [
  'name',
  'acronym',
  'ruc',
  'organizationType',
  'localizationCategory',
  'staffCount',
  'volunteerCount',
  'annualBudgetUsd',
  'yearFounded',
  'territoryIds',
  'assistanceTypeIds',
  'adminSteps',
  'declaredResponseHours',
  'contactName',
  'contactEmail',
  'contactPhone',
  'notes',
  'status',
] as const satisfies readonly (keyof PartnerProfile)[];
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Profile fields that hold numbers: forms and imports read these cells as numbers. */
export const NUMERIC_PROFILE_FIELDS = [
  'staffCount',
  'volunteerCount',
  'annualBudgetUsd',
  'yearFounded',
  'adminSteps',
  'declaredResponseHours',
] as const satisfies readonly ProfileField[];

/** The register's size class and small-partner mark, by the legal COPCI bands (scores use the methodology's). */
export function withDerivedSize<T extends { staffCount: number }>(
  record: T,
): T & { sizeClass: SizeClass; isSmall: boolean } {
  const sizeClass = sizeClassOf(record.staffCount, COPCI_SIZE_BANDS);
  return { ...record, sizeClass, isSmall: isSmallClass(sizeClass) };
}

/** The profile part of a stored partner, its fields in PROFILE_FIELDS order (revisions store it as JSON). */
export function profileOf(partner: PartnerProfile): PartnerProfile {
  return {
    name: partner.name,
    acronym: partner.acronym,
    ruc: partner.ruc,
    organizationType: partner.organizationType,
    localizationCategory: partner.localizationCategory,
    staffCount: partner.staffCount,
    volunteerCount: partner.volunteerCount,
    annualBudgetUsd: partner.annualBudgetUsd,
    yearFounded: partner.yearFounded,
    territoryIds: partner.territoryIds,
    assistanceTypeIds: partner.assistanceTypeIds,
    adminSteps: partner.adminSteps,
    declaredResponseHours: partner.declaredResponseHours,
    contactName: partner.contactName,
    contactEmail: partner.contactEmail,
    contactPhone: partner.contactPhone,
    notes: partner.notes,
    status: partner.status,
  };
}

/** Copies one field; generic in the field so its value keeps its own type. */
function copyField<K extends ProfileField>(target: PartnerProfile, source: Pick<PartnerProfile, K>, field: K): void {
  target[field] = source[field];
}

type ProfileValue = PartnerProfile[ProfileField];

function sameValue(a: ProfileValue, b: ProfileValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const left = [...a].sort((x, y) => x - y);
    const right = [...b].sort((x, y) => x - y);
    return left.length === right.length && left.every((v, i) => v === right[i]);
  }
  return a === b;
}

/** Profile fields whose values differ between two versions of a partner. */
export function changedFields(before: PartnerProfile, after: PartnerProfile): ProfileField[] {
  return PROFILE_FIELDS.filter((field) => !sameValue(before[field], after[field]));
}

/**
 * Three-way merge for a stale edit: start from what is saved now and re-apply the fields the
 * user changed relative to the version they opened. Fields both sides changed differently are
 * conflicts; the user's value is proposed for them and shown beside the saved one.
 */
export function mergeStaleEdit(
  base: PartnerProfile,
  saved: PartnerProfile,
  mine: PartnerProfile,
): { merged: PartnerProfile; conflicts: ProfileField[]; theirChanges: ProfileField[]; myChanges: ProfileField[] } {
  const theirChanges = changedFields(base, saved);
  const myChanges = changedFields(base, mine);
  const merged: PartnerProfile = { ...saved };
  for (const field of myChanges) copyField(merged, mine, field);
  const conflicts = myChanges.filter((field) => theirChanges.includes(field) && !sameValue(saved[field], mine[field]));
  return { merged, conflicts, theirChanges, myChanges };
}
