// Any list leaves the app as CSV or XLSX: the list's own address with `format=csv|xlsx` added.
// Rows are read a page at a time and streamed, so a 50,000-row export starts at once and never
// sits whole in memory. `hxl=1` adds a second row of Humanitarian Exchange Language hashtags.
// A file for people shows labels in the user's language, times in Ecuador time with their offset,
// and a Spanish CSV is written as a Spanish-locale spreadsheet reads it (";" and decimal commas,
// like the Spanish import templates). The HXL file is for machines: stored codes, ISO times, ","
// and decimal points.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import {
  type Language,
  type MessageFamily,
  type MessageKey,
  type Translate,
  keyOrText,
  labelKey,
} from '../i18n/index.js';
import { ecuadorToday } from '../shared/dates.js';

export type Cell = string | number | null | undefined;

/**
 * What a stored value means, so a file for people can show it as they read it:
 * `dateTime` an ISO instant, `date` a calendar day "YYYY-MM-DD", `yesNo` 1 or 0, and `label` a
 * code shown as a message — the key `<label><code>`, or the key a function gives for the code.
 */
export type CellMeaning =
  'dateTime' | 'date' | 'yesNo' | { label: `${MessageFamily}.` | ((code: string) => MessageKey) };

export interface ExportColumn<R> {
  /** The message key of the column title; the user's language decides the text. */
  title: MessageKey;
  /** The HXL hashtag with attributes, for the lists that other agencies' tools read. */
  hxl?: string;
  value: (row: R) => Cell;
  meaning?: CellMeaning;
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
export async function* inPages<R>(
  fetchPage: (limit: number, offset: number) => Promise<R[]>,
  size = 2000,
): AsyncGenerator<R> {
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
  sheet?: MessageKey;
  columns: ExportColumn<R>[];
  rows: AsyncIterable<R> | Iterable<R>;
}

/** Streams a list as the requested file. */
export async function sendExport<R>(
  res: Response,
  request: { format: ExportFormat; hxl: boolean },
  table: TableExport<R>,
): Promise<void> {
  const t: Translate = res.locals.t;
  const columns = table.columns;
  const titles = columns.map((c) => t(c.title));
  const hxlRow = request.hxl ? columns.map((c) => c.hxl ?? '') : null;
  const fileName = `${table.name}${request.hxl ? '-hxl' : ''}-${ecuadorToday()}.${request.format}`;
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  const forPeople = !request.hxl;
  const shown = (column: ExportColumn<R>, row: R): ExportValue => {
    const value = column.value(row);
    if (value === null || value === undefined || value === '') return '';
    return forPeople ? readable(value, column.meaning, t) : value;
  };

  if (request.format === 'csv') {
    const language: Language = res.locals.lang;
    const spanish = forPeople && language === 'es';
    const text = (value: ExportValue, meaning: CellMeaning | undefined): string | number => {
      if (value instanceof Date)
        return meaning === 'date'
          ? value.toISOString().slice(0, 10)
          : `${value.toISOString().slice(0, 16).replace('T', ' ')} ${ECUADOR_OFFSET_TEXT}`;
      if (typeof value === 'number') return spanish ? String(value).replace('.', ',') : value;
      return escapeFormula(value);
    };
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    // A byte-order mark so that Excel reads the accents as UTF-8.
    res.write('\uFEFF');
    await startDownload();
    const cells = (row: R) => columns.map((c) => text(shown(c, row), c.meaning));
    await pipeline(
      Readable.from(lines([titles.map(escapeFormula), ...(hxlRow ? [hxlRow] : [])], table.rows, cells)),
      stringify({ delimiter: spanish ? ';' : ',', record_delimiter: 'windows' }),
      res,
    );
    return;
  }

  res.setHeader('Content-Type', XLSX_TYPE);
  res.flushHeaders();
  await startDownload();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(t(table.sheet ?? labelKey('export.sheet', table.name)).slice(0, 31));
  const header = sheet.addRow(titles);
  header.font = { bold: true };
  header.commit();
  if (hxlRow) sheet.addRow(hxlRow).commit();
  // Typed cells (numbers, dates) hold no formula, so text is written as it is.
  for await (const row of table.rows) {
    const values = columns.map((c) => shown(c, row));
    const added = sheet.addRow(values);
    values.forEach((value, i) => {
      if (value instanceof Date)
        added.getCell(i + 1).numFmt =
          columns[i]?.meaning === 'date' ? 'yyyy-mm-dd' : `yyyy-mm-dd hh:mm "${ECUADOR_OFFSET_TEXT}"`;
    });
    added.commit();
  }
  await workbook.commit();
}

/** A value ready for a file: text, a number, or an Ecuador wall-clock date-time held in a UTC Date. */
type ExportValue = string | number | Date;

const ECUADOR_OFFSET_MS = -5 * 60 * 60 * 1000;
// Ecuador's civil time is UTC−5 all year (no daylight saving), so every time carries this offset.
const ECUADOR_OFFSET_TEXT = '-05:00';

/** A stored value as people read it. A Date carries Ecuador wall-clock time in its UTC fields, as spreadsheets store it. */
function readable(value: string | number, meaning: CellMeaning | undefined, t: Translate): ExportValue {
  if (meaning === undefined) return value;
  if (meaning === 'yesNo') return t(value ? 'export.yes' : 'export.no');
  if (meaning === 'date')
    return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : value;
  if (meaning === 'dateTime') {
    const ms = Date.parse(String(value));
    return Number.isNaN(ms) ? value : new Date(ms + ECUADOR_OFFSET_MS);
  }
  const code = String(value);
  return t(typeof meaning.label === 'string' ? keyOrText(`${meaning.label}${code}`) : meaning.label(code));
}

/**
 * Text a spreadsheet would run as a formula gets a leading apostrophe. A phone number or a signed
 * number ("+593 99 123 4567", "-5") computes nothing, so it stays as typed.
 */
export function escapeFormula(text: string): string {
  if (/^[=@\t\r]/.test(text)) return `'${text}`;
  if (/^[+-]/.test(text) && !/^[+-][\d\s().,-]*$/.test(text)) return `'${text}`;
  return text;
}

/**
 * Lets the event loop send the headers (and the byte-order mark) before the rows are read: reading
 * them resolves promise after promise without a turn of the loop, which would hold the download back.
 */
const startDownload = () => new Promise((resolve) => setImmediate(resolve));

/** The header rows, then each data row as cells. */
async function* lines<R>(
  head: Cell[][],
  rows: AsyncIterable<R> | Iterable<R>,
  cells: (row: R) => Cell[],
): AsyncGenerator<Cell[]> {
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
