// The cross-partner lists of response events, reviews and flags as files: one column per field,
// each record beside its partner's id and name.
import type { FlagRow, PerformanceReviewRow, ResponseEventRow } from '../database/schema.js';
import type { ReferenceNames } from '../exports/reference-names.js';
import type { ExportColumn } from '../exports/table-export.js';
import type { WithPartnerName } from './repository.js';

function partnerColumns<R extends { partnerId: number }>(): ExportColumn<WithPartnerName<R>>[] {
  return [
    { title: 'export.col.partnerId', hxl: '#org+id', value: (r) => r.partnerId },
    { title: 'field.partner', hxl: '#org+name', value: (r) => r.partnerName },
  ];
}

export function eventColumns(names: ReferenceNames): ExportColumn<WithPartnerName<ResponseEventRow>>[] {
  return [
    { title: 'export.col.id', value: (e) => e.id },
    ...partnerColumns<ResponseEventRow>(),
    { title: 'field.territoryId', hxl: '#adm2+name', value: (e) => names.territory(e.territoryId) },
    { title: 'field.assistanceTypeId', hxl: '#sector', value: (e) => names.assistanceType(e.assistanceTypeId) },
    { title: 'field.requestedAt', hxl: '#date+requested', value: (e) => e.requestedAt, meaning: 'dateTime' },
    { title: 'field.firstAssistanceAt', hxl: '#date+assisted', value: (e) => e.firstAssistanceAt, meaning: 'dateTime' },
    { title: 'export.col.responseHours', hxl: '#indicator+response_hours', value: (e) => e.responseHours },
    { title: 'field.peopleAssisted', hxl: '#reached', value: (e) => e.peopleAssisted },
    { title: 'field.notes', value: (e) => e.notes },
  ];
}

export const reviewColumns: ExportColumn<WithPartnerName<PerformanceReviewRow>>[] = [
  { title: 'export.col.id', value: (r) => r.id },
  ...partnerColumns<PerformanceReviewRow>(),
  { title: 'field.periodStart', value: (r) => r.periodStart, meaning: 'date' },
  { title: 'field.periodEnd', value: (r) => r.periodEnd, meaning: 'date' },
  { title: 'field.rating', value: (r) => r.rating },
  { title: 'field.notes', value: (r) => r.notes },
];

export const flagColumns: ExportColumn<WithPartnerName<FlagRow>>[] = [
  { title: 'export.col.id', value: (f) => f.id },
  ...partnerColumns<FlagRow>(),
  { title: 'field.level', value: (f) => f.level, meaning: { label: 'flagLevel.' } },
  { title: 'field.category', value: (f) => f.category, meaning: { label: 'flagCategory.' } },
  { title: 'field.status', value: (f) => f.status, meaning: { label: 'flagStatus.' } },
  { title: 'field.comment', value: (f) => f.comment },
  { title: 'export.col.raisedBy', value: (f) => f.raisedBy },
  { title: 'export.col.raisedAt', value: (f) => f.raisedAt, meaning: 'dateTime' },
  { title: 'export.col.resolvedBy', value: (f) => f.resolvedBy },
  { title: 'export.col.resolvedAt', value: (f) => f.resolvedAt, meaning: 'dateTime' },
  { title: 'field.resolution', value: (f) => f.resolution },
];
