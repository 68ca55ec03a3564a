// Each dashboard chart as a table: the "show as table" alternative, its CSV/XLSX, and the numbers
// the chart draws. One definition, so the chart, the table and the file can never disagree.
import type { ExportColumn } from '../exports/table-export.js';
import type { ReferenceNames } from '../exports/reference-names.js';
import { SIZE_CLASSES } from '../partners/size-class.js';
import { RECOMMENDATIONS } from '../scoring/score.js';
import type { DashboardFigures } from './figures.js';

export const CHARTS = ['territories', 'coverage', 'trend', 'distribution'] as const;
export type ChartId = (typeof CHARTS)[number];

type Row = Record<string, string | number | null>;
export interface ChartTable {
  id: ChartId;
  columns: (ExportColumn<Row> & { key: string; kind: 'text' | 'hours' | 'count' })[];
  rows: Row[];
}

const column = (key: string, title: string, kind: 'text' | 'hours' | 'count') => ({ key, title, kind, value: (row: Row) => row[key] ?? null });
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export function chartTables(figures: DashboardFigures, names: ReferenceNames, t: (key: string, params?: Record<string, string | number>) => string): Record<ChartId, ChartTable> {
  const quarterLabel = (q: { year: number; number: number }) => t('dashboard.quarter', { year: String(q.year), number: q.number });
  return {
    territories: {
      id: 'territories',
      columns: [
        column('territory', 'field.territoryId', 'text'),
        column('medianHours', 'dashboard.col.medianHours', 'hours'),
        column('measuredEvents', 'dashboard.col.measuredEvents', 'count'),
        column('smallAgile', 'dashboard.col.smallAgile', 'count'),
        column('target', 'dashboard.col.target', 'text'),
      ],
      rows: figures.territories.map((row) => ({
        territoryId: row.territoryId,
        territory: names.territory(row.territoryId),
        medianHours: round1(row.medianHours),
        measuredEvents: row.measuredEvents,
        smallAgile: row.smallAgile,
        target: t(row.belowTarget ? 'dashboard.belowTarget' : 'dashboard.targetMet'),
        belowTarget: row.belowTarget ? 1 : 0,
      })),
    },
    coverage: {
      id: 'coverage',
      columns: [column('territory', 'field.territoryId', 'text'), ...figures.heatmap.assistanceTypeIds.map((id) => column(`type${id}`, names.assistanceType(id), 'count'))],
      rows: figures.heatmap.territoryIds.map((territoryId) => ({
        territoryId,
        territory: names.territory(territoryId),
        ...Object.fromEntries(figures.heatmap.assistanceTypeIds.map((id) => [`type${id}`, figures.heatmap.counts[`${territoryId}:${id}`] ?? 0])),
      })),
    },
    trend: {
      id: 'trend',
      columns: [
        column('quarter', 'dashboard.col.quarter', 'text'),
        column('small', 'dashboard.col.smallMedian', 'hours'),
        column('smallEvents', 'dashboard.col.smallEvents', 'count'),
        column('rest', 'dashboard.col.restMedian', 'hours'),
        column('restEvents', 'dashboard.col.restEvents', 'count'),
      ],
      rows: figures.trend.quarters.map((q, i) => ({
        quarter: quarterLabel(q),
        small: round1(figures.trend.small[i] ?? null),
        smallEvents: figures.trend.smallEvents[i] ?? 0,
        rest: round1(figures.trend.rest[i] ?? null),
        restEvents: figures.trend.restEvents[i] ?? 0,
      })),
    },
    distribution: {
      id: 'distribution',
      columns: [column('recommendation', 'field.recommendation', 'text'), ...SIZE_CLASSES.map((s) => column(s, `sizeClass.${s}`, 'count')), column('total', 'dashboard.col.total', 'count')],
      rows: RECOMMENDATIONS.map((r) => ({
        recommendationCode: r,
        recommendation: t(`recommendation.${r}`),
        ...figures.distribution[r],
        total: SIZE_CLASSES.reduce((sum, s) => sum + figures.distribution[r][s], 0),
      })),
    },
  };
}

/** What the browser needs to draw the charts (read by public/js/dashboard.js). */
export function chartData(tables: Record<ChartId, ChartTable>, t: (key: string) => string, language: string) {
  const values = (id: ChartId, key: string) => tables[id].rows.map((r) => r[key] ?? null);
  return {
    locale: language === 'en' ? 'en-US' : 'es-EC',
    territories: {
      labels: values('territories', 'territory'),
      medianHours: values('territories', 'medianHours'),
      smallAgile: values('territories', 'smallAgile'),
      below: tables.territories.rows.map((r) => r.belowTarget === 1),
      strings: { medianHours: t('dashboard.col.medianHours'), smallAgile: t('dashboard.col.smallAgile'), hours: t('dashboard.axis.hours'), partners: t('dashboard.axis.partners'), belowTarget: t('dashboard.belowTarget') },
    },
    trend: {
      labels: values('trend', 'quarter'),
      small: values('trend', 'small'),
      rest: values('trend', 'rest'),
      strings: { small: t('dashboard.series.small'), rest: t('dashboard.series.rest'), hours: t('dashboard.axis.hours') },
    },
    distribution: {
      labels: values('distribution', 'recommendation'),
      series: SIZE_CLASSES.map((s) => ({ label: t(`sizeClass.${s}`), data: values('distribution', s) })),
      strings: { partners: t('dashboard.axis.partners') },
    },
  };
}
