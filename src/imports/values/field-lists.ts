// Which list each list column of each record type takes its values from. Pure.
import type { ImportType } from '../fields.js';
import type { ValueListName } from './vocabulary.js';

export const FIELD_LISTS: Record<ImportType, Partial<Record<string, ValueListName>>> = {
  partners: {
    organizationType: 'organizationType',
    localizationCategory: 'localizationCategory',
    status: 'partnerStatus',
    territories: 'territory',
    assistanceTypes: 'assistanceType',
  },
  events: { territory: 'territory', assistanceType: 'assistanceType' },
  reviews: { rating: 'rating' },
  agreements: { territories: 'territory', assistanceTypes: 'assistanceType', status: 'agreementStatus' },
};
