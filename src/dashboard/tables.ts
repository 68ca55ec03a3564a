// Each dashboard chart as a table: the "show as table" alternative, its CSV/XLSX, and the numbers
// the chart draws. One definition, so the chart, the table and the file can never disagree.
import type { ExportColumn } from '../exports/table-export.js';
import { type MessageKey, type Translate, keyOrText } from '../i18n/index.js';
import type { ReferenceNames } from '../exports/reference-names.js';
import { SIZE_CLASSES } from '../partners/size-class.js';
import { RECOMMENDATIONS } from '../scoring/score.js';
import type { DashboardFigures } from './figures.js';

export const CHARTS = ['territories', 'smallAgile', 'coverage', 'trend', 'distribution'] as const;
export type ChartId = (typeof CHARTS)[number];

type Row = Record<string, string | number | null>;
export interface ChartTable {
  id: ChartId;
  columns: (ExportColumn<Row> & { key: string; kind: 'text' | 'hours' | 'count' })[];
  rows: Row[];
}

const column = (key: string, title: MessageKey, kind: 'text' | 'hours' | 'count') => ({
  key,
  title,
  kind,
  value: (row: Row) => row[key] ?? null,
});
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** The charts drawn beside a table on the page; the coverage grid is drawn from its counts (coverage.ts). */
export type DrawnChartId = Exclude<ChartId, 'coverage'>;

/** A table of one measure per territory, in the figures' territory order, each row led by the territory's name. */
function territoryTable(
  id: 'territories' | 'smallAgile',
  figures: DashboardFigures,
  names: ReferenceNames,
  columns: ChartTable['columns'],
  cells: (row: DashboardFigures['territories'][number]) => Row,
): ChartTable {
  return {
    id,
    columns: [column('territory', 'field.territoryId', 'text'), ...columns],
    rows: figures.territories.map((row) => ({
      territoryId: row.territoryId,
      territory: names.territory(row.territoryId),
      ...cells(row),
    })),
  };
}

const TABLES: Record<ChartId, (figures: DashboardFigures, names: ReferenceNames, t: Translate) => ChartTable> = {
  // One measure per chart: response time against its target, then small agile partners against theirs, same territory order.
  territories: (figures, names, t) =>
    territoryTable(
      'territories',
      figures,
      names,
      [
        column('medianHours', 'dashboard.col.medianHours', 'hours'),
        column('measuredEvents', 'dashboard.col.measuredEvents', 'count'),
        column('targetHours', 'dashboard.col.targetHours', 'hours'),
        column('status', 'dashboard.col.responseStatus', 'text'),
      ],
      (row) => ({
        medianHours: round1(row.medianHours),
        measuredEvents: row.measuredEvents,
        targetHours: round1(figures.responseTarget.hours),
        status: t(
          row.medianHours === null
            ? 'dashboard.noMeasure'
            : row.overResponseTarget
              ? 'dashboard.overTarget'
              : 'dashboard.withinTarget',
        ),
        overTarget: row.overResponseTarget ? 1 : 0,
      }),
    ),
  smallAgile: (figures, names, t) =>
    territoryTable(
      'smallAgile',
      figures,
      names,
      [
        column('smallAgile', 'dashboard.col.smallAgile', 'count'),
        column('minimum', 'dashboard.col.minimum', 'count'),
        column('target', 'dashboard.col.target', 'text'),
      ],
      (row) => ({
        smallAgile: row.smallAgile,
        minimum: figures.targets.smallAgilePerTerritoryMin,
        target: t(row.belowTarget ? 'dashboard.belowTarget' : 'dashboard.targetMet'),
        belowTarget: row.belowTarget ? 1 : 0,
      }),
    ),
  // Every territory × every type: built for the CSV only, as it grows with the reference data.
  coverage: (figures, names) => ({
    id: 'coverage',
    columns: [
      column('territory', 'field.territoryId', 'text'),
      ...figures.heatmap.assistanceTypeIds.map((id) =>
        column(`type${id}`, keyOrText(names.assistanceType(id)), 'count'),
      ),
    ],
    rows: figures.heatmap.territoryIds.map((territoryId) => ({
      territoryId,
      territory: names.territory(territoryId),
      ...Object.fromEntries(
        figures.heatmap.assistanceTypeIds.map((id) => [
          `type${id}`,
          figures.heatmap.counts[`${territoryId}:${id}`] ?? 0,
        ]),
      ),
    })),
  }),
  trend: (figures, _names, t) => ({
    id: 'trend',
    columns: [
      column('quarter', 'dashboard.col.quarter', 'text'),
      column('small', 'dashboard.col.smallMedian', 'hours'),
      column('smallEvents', 'dashboard.col.smallEvents', 'count'),
      column('rest', 'dashboard.col.restMedian', 'hours'),
      column('restEvents', 'dashboard.col.restEvents', 'count'),
    ],
    rows: figures.trend.quarters.map((q, i) => ({
      quarter: t('dashboard.quarter', { year: String(q.year), number: q.number }),
      small: round1(figures.trend.small[i] ?? null),
      smallEvents: figures.trend.smallEvents[i] ?? 0,
      rest: round1(figures.trend.rest[i] ?? null),
      restEvents: figures.trend.restEvents[i] ?? 0,
    })),
  }),
  distribution: (figures, _names, t) => ({
    id: 'distribution',
    columns: [
      column('recommendation', 'field.recommendation', 'text'),
      ...SIZE_CLASSES.map((s) => column(s, `sizeClass.${s}`, 'count')),
      column('total', 'dashboard.col.total', 'count'),
    ],
    rows: RECOMMENDATIONS.map((r) => ({
      recommendationCode: r,
      recommendation: t(`recommendation.${r}`),
      ...figures.distribution[r],
      total: SIZE_CLASSES.reduce((sum, s) => sum + figures.distribution[r][s], 0),
    })),
  }),
};

/** One chart's table: its CSV/XLSX. */
export function chartTable(id: ChartId, figures: DashboardFigures, names: ReferenceNames, t: Translate): ChartTable {
  return TABLES[id](figures, names, t);
}

/** The tables the page shows under its charts ("show as table"), and the numbers the charts draw. */
export function chartTables(
  figures: DashboardFigures,
  names: ReferenceNames,
  t: Translate,
): Record<DrawnChartId, ChartTable> {
  return {
    territories: chartTable('territories', figures, names, t),
    smallAgile: chartTable('smallAgile', figures, names, t),
    trend: chartTable('trend', figures, names, t),
    distribution: chartTable('distribution', figures, names, t),
  };
}

/** What the browser needs to draw the charts (read by public/js/dashboard.js). */
export function chartData(
  tables: Record<DrawnChartId, ChartTable>,
  figures: DashboardFigures,
  t: Translate,
  language: string,
) {
  const decimal = new Intl.NumberFormat(language === 'en' ? 'en-US' : 'es-EC', { maximumFractionDigits: 1 });
  const target = figures.responseTarget;
  const responseTargetLabel = t('dashboard.responseTarget', {
    hours: decimal.format(target.hours),
    threshold: decimal.format(target.agileThreshold),
    version: target.methodologyVersion,
  });
  const minimumLabel = t('dashboard.smallAgile.line', { min: figures.targets.smallAgilePerTerritoryMin });
  const values = (id: DrawnChartId, key: string) => tables[id].rows.map((r) => r[key] ?? null);
  return {
    locale: language === 'en' ? 'en-US' : 'es-EC',
    territories: {
      labels: values('territories', 'territory'),
      values: values('territories', 'medianHours'),
      flagged: tables.territories.rows.map((r) => r.overTarget === 1),
      target: { value: tables.territories.rows[0]?.targetHours ?? null, label: responseTargetLabel },
      strings: {
        measure: t('dashboard.col.medianHours'),
        axis: t('dashboard.axis.hours'),
        flagged: t('dashboard.overTarget'),
        none: t('dashboard.noMeasure'),
        target: t('dashboard.col.targetHours'),
      },
    },
    smallAgile: {
      labels: values('smallAgile', 'territory'),
      values: values('smallAgile', 'smallAgile'),
      flagged: tables.smallAgile.rows.map((r) => r.belowTarget === 1),
      target: { value: tables.smallAgile.rows[0]?.minimum ?? null, label: minimumLabel },
      strings: {
        measure: t('dashboard.col.smallAgile'),
        axis: t('dashboard.axis.partners'),
        flagged: t('dashboard.belowTarget'),
        none: '',
        target: t('dashboard.col.minimum'),
      },
    },
    trend: {
      labels: values('trend', 'quarter'),
      small: values('trend', 'small'),
      rest: values('trend', 'rest'),
      strings: {
        small: t('dashboard.series.small'),
        rest: t('dashboard.series.rest'),
        hours: t('dashboard.axis.hours'),
      },
    },
    distribution: {
      labels: values('distribution', 'recommendation'),
      series: SIZE_CLASSES.map((s) => ({ label: t(`sizeClass.${s}`), data: values('distribution', s) })),
      strings: { partners: t('dashboard.axis.partners') },
    },
  };
}
