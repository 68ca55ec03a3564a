// Agreements, decisions and retention alerts as files.
import type { ExportColumn } from '../exports/table-export.js';
import type { ReferenceNames } from '../exports/reference-names.js';
import type { DecisionRow } from '../database/schema.js';
import type { RetentionAlert } from './alerts.js';
import type { Agreement } from './repository.js';

export function agreementColumns(names: ReferenceNames): ExportColumn<Agreement & { partnerName: string }>[] {
  return [
    { title: 'field.code', hxl: '#activity+code', value: (a) => a.code },
    { title: 'field.title', hxl: '#activity+name', value: (a) => a.title },
    { title: 'export.col.partnerId', hxl: '#org+id', value: (a) => a.partnerId },
    { title: 'field.partner', hxl: '#org+name', value: (a) => a.partnerName },
    { title: 'field.startDate', hxl: '#date+start', value: (a) => a.startDate, meaning: 'date' },
    { title: 'field.endDate', hxl: '#date+end', value: (a) => a.endDate, meaning: 'date' },
    { title: 'field.amountUsd', hxl: '#value+usd', value: (a) => a.amountUsd },
    { title: 'field.peopleTargeted', hxl: '#targeted', value: (a) => a.peopleTargeted },
    { title: 'field.peopleReached', hxl: '#reached', value: (a) => a.peopleReached },
    { title: 'field.status', hxl: '#status', value: (a) => a.status, meaning: { label: 'agreementStatus.' } },
    { title: 'field.territoryIds', hxl: '#adm2+name', value: (a) => names.territories(a.territoryIds) },
    { title: 'export.col.provinces', hxl: '#adm1+name', value: (a) => names.provinces(a.territoryIds) },
    { title: 'field.assistanceTypeIds', hxl: '#sector', value: (a) => names.assistanceTypes(a.assistanceTypeIds) },
  ];
}

export const decisionColumns: ExportColumn<DecisionRow & { partnerName: string }>[] = [
  { title: 'decisions.col.decidedAt', value: (d) => d.decidedAt, meaning: 'dateTime' },
  { title: 'export.col.partnerId', value: (d) => d.partnerId },
  { title: 'field.name', value: (d) => d.partnerName },
  { title: 'decisions.col.kind', value: (d) => d.kind, meaning: { label: 'decisionKind.' } },
  { title: 'decisions.col.rationale', value: (d) => d.rationale },
  {
    title: 'decisions.col.recommendation',
    value: (d) => d.recommendationAtDecision,
    meaning: { label: 'recommendation.' },
  },
  { title: 'decisions.col.confirmed', value: (d) => (d.confirmedAgainstRecommendation ? 1 : 0), meaning: 'yesNo' },
  { title: 'decisions.col.agreement', value: (d) => d.agreementId },
  { title: 'decisions.col.decidedBy', value: (d) => d.decidedBy },
];

export const alertColumns: ExportColumn<RetentionAlert>[] = [
  { title: 'export.col.partnerId', value: (a) => a.partnerId },
  { title: 'field.name', value: (a) => a.name },
  { title: 'field.staffCount', value: (a) => a.staffCount },
  { title: 'field.recommendation', value: (a) => a.recommendation, meaning: { label: 'recommendation.' } },
  { title: 'ranking.overall', value: (a) => a.overall },
  { title: 'export.col.risk', value: (a) => a.risk.kind, meaning: { label: 'export.risk.' } },
  { title: 'export.col.daysLeft', value: (a) => a.risk.daysLeft },
  { title: 'field.endDate', value: (a) => a.risk.endDate, meaning: 'date' },
];
