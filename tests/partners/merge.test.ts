import { describe, expect, it } from 'vitest';
import { type PartnerProfile, mergeStaleEdit, suggestedLocalization } from '../../src/partners/partner.js';

const base: PartnerProfile = {
  name: 'Fundación Semillas',
  acronym: null,
  ruc: null,
  organizationType: 'national_ngo',
  localizationCategory: 'local_national_non_state',
  staffCount: 12,
  volunteerCount: null,
  annualBudgetUsd: null,
  yearFounded: null,
  territoryIds: [1, 2],
  assistanceTypeIds: [3],
  adminSteps: 4,
  declaredResponseHours: null,
  contactName: null,
  contactEmail: null,
  contactPhone: '+593 99 111 2222',
  notes: null,
  status: 'active',
};

describe('merging a stale edit', () => {
  it('keeps their change and re-applies mine when they touched different fields', () => {
    const saved = { ...base, contactPhone: '+593 98 000 0000' };
    const mine = { ...base, staffCount: 15 };
    const result = mergeStaleEdit(base, saved, mine);
    expect(result.merged.contactPhone).toBe('+593 98 000 0000');
    expect(result.merged.staffCount).toBe(15);
    expect(result.conflicts).toEqual([]);
  });

  it('reports a field both changed differently as a conflict, proposing my value', () => {
    const saved = { ...base, staffCount: 20 };
    const mine = { ...base, staffCount: 15 };
    const result = mergeStaleEdit(base, saved, mine);
    expect(result.conflicts).toEqual(['staffCount']);
    expect(result.merged.staffCount).toBe(15);
  });

  it('treats lists as sets: the same territories in another order are no change', () => {
    const result = mergeStaleEdit(base, base, { ...base, territoryIds: [2, 1] });
    expect(result.myChanges).toEqual([]);
  });
});

describe('localization suggested by organization type', () => {
  it.each([
    ['national_ngo', 'local_national_non_state'],
    ['cbo', 'local_national_non_state'],
    ['red_cross_red_crescent', 'local_national_non_state'],
    ['government', 'national_subnational_state'],
    ['international_ngo', 'international'],
    ['un_agency', 'international'],
  ] as const)('%s → %s', (type, category) => {
    expect(suggestedLocalization(type)).toBe(category);
  });
});
