// The page every cross-partner list (/events, /reviews, /flags) shares: filters in the address, one
// page of rows on screen, every matching row as CSV or XLSX.
import type { Request, Response } from 'express';
import { type ExportColumn, inPages, requestedExport, sendExport } from '../exports/table-export.js';
import { type FamilyCode, type MessageFamily, type MessageKey, labelKey } from '../i18n/index.js';

const PAGE_SIZE = 50;

export interface ListFilter {
  name: string;
  label: string;
  kind: 'select' | 'date';
  options?: { value: string; label: string }[];
}

interface Named {
  id: number;
  nameEs: string;
  nameEn: string;
}

/** Territory and assistance-type selects, for the lists that filter by them. */
export function areaFilters(res: Response, territories: Named[], assistanceTypes: Named[]): ListFilter[] {
  const option = (x: Named) => ({ value: String(x.id), label: res.locals.localName(x) });
  return [
    { name: 'territoryId', label: 'filter.territory', kind: 'select', options: territories.map(option) },
    { name: 'assistanceTypeId', label: 'filter.assistanceType', kind: 'select', options: assistanceTypes.map(option) },
  ];
}

/** A select of codes, each shown as its `<family>.<code>` message. */
export function codeFilter<F extends MessageFamily>(
  res: Response,
  name: string,
  label: MessageKey,
  family: F,
  codes: readonly FamilyCode<F>[],
) {
  const options = codes.map((code) => ({ value: code, label: res.locals.t(labelKey(family, code)) }));
  return { name, label, kind: 'select', options } satisfies ListFilter;
}

/** Renders one of the lists, or streams it when the address asks for a file. */
export async function listOrExport<R>(
  req: Request,
  res: Response,
  list: {
    name: 'events' | 'reviews' | 'flags';
    columns: ExportColumn<R>[];
    filters: ListFilter[];
    query: Record<string, unknown> & { page: number };
    source: { count: () => Promise<number>; rows: (limit: number, offset: number) => Promise<R[]> };
  },
) {
  const wanted = requestedExport(req);
  if (wanted)
    return sendExport(res, wanted, { name: list.name, columns: list.columns, rows: inPages(list.source.rows) });
  const [total, rows] = await Promise.all([
    list.source.count(),
    list.source.rows(PAGE_SIZE, (list.query.page - 1) * PAGE_SIZE),
  ]);
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
