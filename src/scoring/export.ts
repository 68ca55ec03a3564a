// The ranking as a file: each active partner's stored score and its components.
import type { ExportColumn } from '../exports/table-export.js';
import type { ReferenceNames } from '../exports/reference-names.js';
import { evidenceLevel } from './evidence-level.js';
import type { StoredScore } from './stored-score.js';

export type ScoreExportRow = StoredScore & {
  name: string;
  acronym: string | null;
  territoryIds: number[];
  assistanceTypeIds: number[];
  position: number;
};

export function scoreColumns(names: ReferenceNames): ExportColumn<ScoreExportRow>[] {
  return [
    { title: 'ranking.rank', hxl: '#indicator+rank', value: (s) => s.position },
    { title: 'export.col.id', hxl: '#org+id', value: (s) => s.partnerId },
    { title: 'field.name', hxl: '#org+name', value: (s) => s.name },
    { title: 'field.acronym', hxl: '#org+acronym', value: (s) => s.acronym },
    { title: 'field.sizeClass', hxl: '#org+size', value: (s) => s.sizeClass, meaning: { label: 'sizeClass.' } },
    { title: 'ranking.overall', hxl: '#indicator+score+overall', value: (s) => s.overall },
    { title: 'ranking.agility', hxl: '#indicator+score+agility', value: (s) => s.agility },
    { title: 'component.size', hxl: '#indicator+score+size', value: (s) => s.components.size.score },
    { title: 'component.response', hxl: '#indicator+score+response', value: (s) => s.components.response.score },
    {
      title: 'export.col.responseHours',
      hxl: '#indicator+response_hours',
      value: (s) => s.components.response.raw ?? null,
    },
    {
      title: 'export.col.responseSource',
      value: (s) => s.components.response.source,
      meaning: { label: (source) => `evidenceLevel.${evidenceLevel(source)}` },
    },
    { title: 'component.adminSteps', hxl: '#indicator+score+admin_steps', value: (s) => s.components.adminSteps.score },
    { title: 'component.quality', hxl: '#indicator+score+quality', value: (s) => s.components.quality.score },
    { title: 'export.col.completeness', hxl: '#indicator+completeness', value: (s) => s.completeness },
    {
      title: 'field.recommendation',
      hxl: '#status+recommendation',
      value: (s) => s.recommendation,
      meaning: { label: 'recommendation.' },
    },
    {
      title: 'export.col.smallAgile',
      hxl: '#indicator+small_agile',
      value: (s) => (s.isSmallAgile ? 1 : 0),
      meaning: 'yesNo',
    },
    {
      title: 'export.col.openRedFlag',
      hxl: '#indicator+red_flag',
      value: (s) => (s.openRedFlag ? 1 : 0),
      meaning: 'yesNo',
    },
    { title: 'field.territoryIds', hxl: '#adm2+name', value: (s) => names.territories(s.territoryIds) },
    { title: 'field.assistanceTypeIds', hxl: '#sector', value: (s) => names.assistanceTypes(s.assistanceTypeIds) },
    { title: 'export.col.methodologyVersion', hxl: '#meta+methodology', value: (s) => s.methodologyVersion },
    { title: 'export.col.scoredAt', hxl: '#date+scored', value: (s) => s.scoredAt, meaning: 'dateTime' },
  ];
}
