// The partner list as a file: every profile field, with HXL hashtags for other agencies' tools.
import type { ExportColumn } from '../exports/table-export.js';
import type { ReferenceNames } from '../exports/reference-names.js';
import type { Partner } from './partner.js';

export function partnerColumns(names: ReferenceNames): ExportColumn<Partner>[] {
  return [
    { title: 'export.col.id', hxl: '#org+id', value: (p) => p.id },
    { title: 'field.name', hxl: '#org+name', value: (p) => p.name },
    { title: 'field.acronym', hxl: '#org+acronym', value: (p) => p.acronym },
    { title: 'field.ruc', hxl: '#org+code', value: (p) => p.ruc },
    {
      title: 'field.organizationType',
      hxl: '#org+type',
      value: (p) => p.organizationType,
      meaning: { label: 'organizationType.' },
    },
    {
      title: 'field.localizationCategory',
      hxl: '#org+localization',
      value: (p) => p.localizationCategory,
      meaning: { label: 'localization.' },
    },
    { title: 'field.staffCount', hxl: '#indicator+staff+num', value: (p) => p.staffCount },
    { title: 'field.sizeClass', hxl: '#org+size', value: (p) => p.sizeClass, meaning: { label: 'sizeClass.' } },
    { title: 'field.volunteerCount', hxl: '#indicator+volunteers+num', value: (p) => p.volunteerCount },
    { title: 'field.annualBudgetUsd', hxl: '#value+budget+usd', value: (p) => p.annualBudgetUsd },
    { title: 'field.yearFounded', hxl: '#date+founded', value: (p) => p.yearFounded },
    { title: 'field.territoryIds', hxl: '#adm2+name', value: (p) => names.territories(p.territoryIds) },
    { title: 'export.col.provinces', hxl: '#adm1+name', value: (p) => names.provinces(p.territoryIds) },
    { title: 'field.assistanceTypeIds', hxl: '#sector', value: (p) => names.assistanceTypes(p.assistanceTypeIds) },
    { title: 'field.adminSteps', hxl: '#indicator+admin_steps+num', value: (p) => p.adminSteps },
    {
      title: 'field.declaredResponseHours',
      hxl: '#indicator+response_hours+declared',
      value: (p) => p.declaredResponseHours,
    },
    { title: 'field.contactName', hxl: '#contact+name', value: (p) => p.contactName },
    { title: 'field.contactEmail', hxl: '#contact+email', value: (p) => p.contactEmail },
    { title: 'field.contactPhone', hxl: '#contact+phone', value: (p) => p.contactPhone },
    { title: 'field.status', hxl: '#status', value: (p) => p.status, meaning: { label: 'status.' } },
    { title: 'field.updatedAt', hxl: '#date+updated', value: (p) => p.updatedAt, meaning: 'dateTime' },
  ];
}
