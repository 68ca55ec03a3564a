// Any list leaves the app as CSV or XLSX: the list's own address with `format=csv|xlsx` added.
// Rows are read a page at a time and streamed, so a 50,000-row export starts at once and never
// sits whole in memory. `hxl=1` adds a second row of Humanitarian Exchange Language hashtags.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import { ecuadorToday } from '../shared/dates.js';

export type Cell = string | number | null | undefined;

export interface ExportColumn<R> {
  /** The message key of the column title; the user's language decides the text. */
  title: string;
  /** The HXL hashtag with attributes, for the lists that other agencies' tools read. */
  hxl?: string;
  value: (row: R) => Cell;
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The export a request asks for, or null for the HTML page. */
export function requestedExport(req: Request): { format: ExportFormat; hxl: boolean } | null {
  const format = req.query.format;
  if (format !== 'csv' && format !== 'xlsx') return null;
  return { format, hxl: req.query.hxl === '1' || req.query.hxl === 'true' };
}

/** Reads a query a page at a time, until a page comes back short. */
export async function* inPages<R>(fetchPage: (limit: number, offset: number) => Promise<R[]>, size = 2000): AsyncGenerator<R> {
  for (let offset = 0; ; offset += size) {
    const rows = await fetchPage(size, offset);
    yield* rows;
    if (rows.length < size) return;
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface TableExport<R> {
  /** The file's base name, e.g. "partners"; the date is added. */
  name: string;
  /** The message key of the XLSX sheet's name; `export.sheet.<name>` unless given. */
  sheet?: string;
  columns: ExportColumn<R>[];
  rows: AsyncIterable<R> | Iterable<R>;
}

/** Streams a list as the requested file. */
export async function sendExport<R>(res: Response, request: { format: ExportFormat; hxl: boolean }, table: TableExport<R>): Promise<void> {
  const t = res.locals.t as (key: string) => string;
  const columns = table.columns;
  const titles = columns.map((c) => t(c.title));
  const hxlRow = request.hxl ? columns.map((c) => c.hxl ?? '') : null;
  const fileName = `${table.name}${request.hxl ? '-hxl' : ''}-${ecuadorToday()}.${request.format}`;
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  const cells = (row: R) => columns.map((c) => {
    const value = c.value(row);
    return value === null || value === undefined ? '' : value;
  });

  if (request.format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    // A byte-order mark so that Excel reads the accents as UTF-8.
    res.write('\uFEFF');
    await startDownload();
    await pipeline(Readable.from(lines([titles, ...(hxlRow ? [hxlRow] : [])], table.rows, cells)), stringify({ escape_formulas: true }), res);
    return;
  }

  res.setHeader('Content-Type', XLSX_TYPE);
  res.flushHeaders();
  await startDownload();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(t(table.sheet ?? `export.sheet.${table.name}`).slice(0, 31));
  const header = sheet.addRow(titles);
  header.font = { bold: true };
  header.commit();
  if (hxlRow) sheet.addRow(hxlRow).commit();
  for await (const row of table.rows) sheet.addRow(cells(row)).commit();
  await workbook.commit();
}

/**
 * Lets the event loop send the headers (and the byte-order mark) before the rows are read: reading
 * them resolves promise after promise without a turn of the loop, which would hold the download back.
 */
const startDownload = () => new Promise((resolve) => setImmediate(resolve));

/** The header rows, then each data row as cells. */
async function* lines<R>(head: Cell[][], rows: AsyncIterable<R> | Iterable<R>, cells: (row: R) => Cell[]): AsyncGenerator<Cell[]> {
  yield* head;
  for await (const row of rows) yield cells(row);
}

/** The address of a list's export: the same filters, any page, the format asked for. */
export function exportUrlFor(originalUrl: string) {
  return (format: ExportFormat, hxl = false): string => {
    const url = new URL(originalUrl, 'http://localhost');
    for (const key of ['page', 'pageSize', 'format', 'hxl']) url.searchParams.delete(key);
    url.searchParams.set('format', format);
    if (hxl) url.searchParams.set('hxl', '1');
    return `${url.pathname}${url.search}`;
  };
}
