// The portfolio-wide lists of response events, performance reviews and flags: filters in the
// address, one page on screen, every matching row as CSV or XLSX.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Db } from '../database/connect.js';
import { type ReferenceNames, referenceNamesOf } from '../exports/reference-names.js';
import { type ExportColumn, inPages, requestedExport, sendExport } from '../exports/table-export.js';
import { type FamilyCode, type MessageFamily, type Translate, labelKey } from '../i18n/index.js';
import { type RouteSpec, get } from '../http/routing.js';
import {
  type AssistanceType,
  type Territory,
  listAssistanceTypes,
  listTerritories,
} from '../reference-data/repository.js';
import { isCalendarDate } from '../shared/dates.js';
import { filtersFromAddress } from '../shared/forms.js';
import { FLAG_CATEGORIES, FLAG_LEVELS, FLAG_STATUSES, eventListQuerySchema } from './schemas.js';
import { partnersWorkingIn } from '../partners/repository.js';
import { filteredEvents } from './repository.js';

const PAGE_SIZE = 50;
const day = z.string().refine(isCalendarDate);
const id = z.coerce.number().int().positive();
const page = z.coerce.number().int().min(1).default(1);

export const reviewListQuerySchema = z.object({
  partnerId: id.optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  from: day.optional(),
  to: day.optional(),
  page,
});
export const flagListQuerySchema = z.object({
  partnerId: id.optional(),
  /** Flags of the partners working in a territory / for an assistance type (the dashboard's tile links here). */
  territoryId: id.optional(),
  assistanceTypeId: id.optional(),
  level: z.enum(FLAG_LEVELS).optional(),
  status: z.enum(FLAG_STATUSES).optional(),
  category: z.enum(FLAG_CATEGORIES).optional(),
  page,
});

const withPartner = <T extends { partnerId: number }>(): ExportColumn<T & { partnerName: string }>[] => [
  { title: 'export.col.partnerId', hxl: '#org+id', value: (r: T & { partnerName: string }) => r.partnerId },
  { title: 'field.partner', hxl: '#org+name', value: (r: T & { partnerName: string }) => r.partnerName },
];

function eventColumns(names: ReferenceNames) {
  type Row = {
    id: number;
    partnerId: number;
    partnerName: string;
    territoryId: number;
    assistanceTypeId: number;
    requestedAt: string;
    firstAssistanceAt: string | null;
    responseHours: number | null;
    peopleAssisted: number | null;
    notes: string | null;
  };
  const columns: ExportColumn<Row>[] = [
    { title: 'export.col.id', value: (e) => e.id },
    ...withPartner<Row>(),
    { title: 'field.territoryId', hxl: '#adm2+name', value: (e) => names.territory(e.territoryId) },
    { title: 'field.assistanceTypeId', hxl: '#sector', value: (e) => names.assistanceType(e.assistanceTypeId) },
    { title: 'field.requestedAt', hxl: '#date+requested', value: (e) => e.requestedAt, meaning: 'dateTime' },
    { title: 'field.firstAssistanceAt', hxl: '#date+assisted', value: (e) => e.firstAssistanceAt, meaning: 'dateTime' },
    { title: 'export.col.responseHours', hxl: '#indicator+response_hours', value: (e) => e.responseHours },
    { title: 'field.peopleAssisted', hxl: '#reached', value: (e) => e.peopleAssisted },
    { title: 'field.notes', value: (e) => e.notes },
  ];
  return columns;
}

type ReviewRow = {
  id: number;
  partnerId: number;
  partnerName: string;
  periodStart: string;
  periodEnd: string;
  rating: number;
  notes: string | null;
};
const reviewColumns: ExportColumn<ReviewRow>[] = [
  { title: 'export.col.id', value: (r) => r.id },
  ...withPartner<ReviewRow>(),
  { title: 'field.periodStart', value: (r) => r.periodStart, meaning: 'date' },
  { title: 'field.periodEnd', value: (r) => r.periodEnd, meaning: 'date' },
  { title: 'field.rating', value: (r) => r.rating },
  { title: 'field.notes', value: (r) => r.notes },
];

type FlagRow = {
  id: number;
  partnerId: number;
  partnerName: string;
  level: string;
  category: string;
  status: string;
  comment: string;
  raisedBy: string;
  raisedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
};
const flagColumns: ExportColumn<FlagRow>[] = [
  { title: 'export.col.id', value: (f) => f.id },
  ...withPartner<FlagRow>(),
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

function reviewsMatching(db: Db, q: z.output<typeof reviewListQuerySchema>) {
  let query = db.selectFrom('performanceReviews').innerJoin('partners', 'partners.id', 'performanceReviews.partnerId');
  if (q.partnerId !== undefined) query = query.where('performanceReviews.partnerId', '=', q.partnerId);
  if (q.rating !== undefined) query = query.where('performanceReviews.rating', '=', q.rating);
  // Reviews whose period ended within [from, to].
  if (q.from !== undefined) query = query.where('performanceReviews.periodEnd', '>=', q.from);
  if (q.to !== undefined) query = query.where('performanceReviews.periodEnd', '<=', q.to);
  return query;
}

function flagsMatching(db: Db, q: z.output<typeof flagListQuerySchema>) {
  let query = db.selectFrom('flags').innerJoin('partners', 'partners.id', 'flags.partnerId');
  if (q.partnerId !== undefined) query = query.where('flags.partnerId', '=', q.partnerId);
  if (q.level !== undefined) query = query.where('flags.level', '=', q.level);
  if (q.status !== undefined) query = query.where('flags.status', '=', q.status);
  if (q.category !== undefined) query = query.where('flags.category', '=', q.category);
  if (q.territoryId !== undefined || q.assistanceTypeId !== undefined)
    query = query.where('flags.partnerId', 'in', partnersWorkingIn(db, q));
  return query;
}

export interface ListFilter {
  name: string;
  label: string;
  kind: 'select' | 'date';
  options?: { value: string; label: string }[];
}

/** Territory and assistance-type selects, for the lists that filter by them. */
function areaFilters(res: Response, territories: Territory[], assistanceTypes: AssistanceType[]): ListFilter[] {
  const option = (x: Territory | AssistanceType) => ({ value: String(x.id), label: res.locals.localName(x) });
  return [
    { name: 'territoryId', label: 'filter.territory', kind: 'select', options: territories.map(option) },
    { name: 'assistanceTypeId', label: 'filter.assistanceType', kind: 'select', options: assistanceTypes.map(option) },
  ];
}

/** Renders one of the generic lists, or streams it when the address asks for a file. */
async function listOrExport<R>(
  req: Request,
  res: Response,
  list: {
    name: 'events' | 'reviews' | 'flags';
    columns: ExportColumn<R>[];
    filters: ListFilter[];
    query: Record<string, unknown> & { page: number };
    count: () => Promise<number>;
    rows: (limit: number, offset: number) => Promise<R[]>;
  },
) {
  const wanted = requestedExport(req);
  if (wanted) return sendExport(res, wanted, { name: list.name, columns: list.columns, rows: inPages(list.rows) });
  const [total, rows] = await Promise.all([list.count(), list.rows(PAGE_SIZE, (list.query.page - 1) * PAGE_SIZE)]);
  const params = new URLSearchParams(
    Object.entries(list.query)
      .filter(([k, v]) => v !== undefined && k !== 'page')
      .map(([k, v]) => [k, String(v)]),
  );
  res.render('evidence/list', {
    name: list.name,
    columns: list.columns,
    rows,
    total,
    query: list.query,
    filters: list.filters,
    page: list.query.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    pageUrl: (n: number) => `/${list.name}?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`,
  });
}

export function evidenceListRoutes(db: Db): RouteSpec[] {
  const count =
    (q: { select: (f: (eb: any) => unknown) => { executeTakeFirstOrThrow: () => Promise<unknown> } }) => async () =>
      Number(((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()) as { n: unknown }).n);
  const options = <F extends MessageFamily>(t: Translate, family: F, values: readonly FamilyCode<F>[]) =>
    values.map((v) => ({ value: v, label: t(labelKey(family, v)) }));

  return [
    get('/events', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(eventListQuerySchema.omit({ pageSize: true }), req.query);
      const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
      const names = referenceNamesOf(territories, assistanceTypes, res.locals.lang);
      const matching = () => filteredEvents(db, query).innerJoin('partners', 'partners.id', 'responseEvents.partnerId');
      await listOrExport(req, res, {
        name: 'events',
        columns: eventColumns(names),
        query,
        filters: [
          ...areaFilters(res, territories, assistanceTypes),
          { name: 'from', label: 'filter.from', kind: 'date' },
          { name: 'to', label: 'filter.to', kind: 'date' },
        ],
        count: count(matching()),
        rows: (limit, offset) =>
          matching()
            .selectAll('responseEvents')
            .select('partners.name as partnerName')
            .orderBy('responseEvents.requestedAt', 'desc')
            .orderBy('responseEvents.id', 'desc')
            .limit(limit)
            .offset(offset)
            .execute(),
      });
    }),

    get('/reviews', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(reviewListQuerySchema, req.query);
      await listOrExport(req, res, {
        name: 'reviews',
        columns: reviewColumns,
        query,
        filters: [
          {
            name: 'rating',
            label: 'field.rating',
            kind: 'select',
            options: (['1', '2', '3', '4', '5'] as const).map((v) => ({
              value: v,
              label: res.locals.t(`rating.${v}`),
            })),
          },
          { name: 'from', label: 'lists.reviews.endedFrom', kind: 'date' },
          { name: 'to', label: 'lists.reviews.endedTo', kind: 'date' },
        ],
        count: count(reviewsMatching(db, query)),
        rows: (limit, offset) =>
          reviewsMatching(db, query)
            .selectAll('performanceReviews')
            .select('partners.name as partnerName')
            .orderBy('performanceReviews.periodEnd', 'desc')
            .orderBy('performanceReviews.id', 'desc')
            .limit(limit)
            .offset(offset)
            .execute(),
      });
    }),

    get('/flags', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(flagListQuerySchema, req.query);
      const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
      const t = res.locals.t;
      await listOrExport(req, res, {
        name: 'flags',
        columns: flagColumns,
        query,
        filters: [
          { name: 'level', label: 'field.level', kind: 'select', options: options(t, 'flagLevel', FLAG_LEVELS) },
          { name: 'status', label: 'field.status', kind: 'select', options: options(t, 'flagStatus', FLAG_STATUSES) },
          {
            name: 'category',
            label: 'field.category',
            kind: 'select',
            options: options(t, 'flagCategory', FLAG_CATEGORIES),
          },
          ...areaFilters(res, territories, assistanceTypes),
        ],
        count: count(flagsMatching(db, query)),
        rows: (limit, offset) =>
          flagsMatching(db, query)
            .selectAll('flags')
            .select('partners.name as partnerName')
            .orderBy('flags.raisedAt', 'desc')
            .orderBy('flags.id', 'desc')
            .limit(limit)
            .offset(offset)
            .execute(),
      });
    }),
  ];
}
