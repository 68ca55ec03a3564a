// A preview's rejected rows given back as the user's own file: the same format (a CSV keeps its
// delimiter and encoding, a workbook its sheet name), the same header row and columns, only the
// rejected rows, and one added last column that says what is wrong in each. The user fixes those
// rows in Excel and uploads that file: the added column is recognized and ignored.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Language, Translate } from '../i18n/index.js';
import { type CellEdits, withEdits } from './cell-edits.js';
import type { Cell } from './cells.js';
import { normalizeHeader } from './fields.js';
import type { RowIssue } from './import-record.js';
import { rowProblems } from './issue-text.js';
import { type OpenedSource, openSource } from './source.js';

/** The added column's header in each language; either is recognized when the file comes back. */
const PROBLEMS_HEADERS = ['Errores', 'Problems'].map(normalizeHeader);

/** Where a file carries the column a rejected-rows download added (its last column), if it does. */
export function problemsColumn(headers: string[]): number | null {
  const last = headers.length - 1;
  return last >= 0 && PROBLEMS_HEADERS.includes(normalizeHeader(headers[last] ?? '')) ? last : null;
}

/** The kept file of a preview, as the download reads it again. */
export interface KeptFile {
  fileName: string;
  storedFile: string;
  format: 'csv' | 'xlsx';
  sheet: string | null;
  encoding: string | null;
  /** Cells corrected in the preview: the download carries them, so no correction is lost. */
  cellEdits: CellEdits;
}

export interface RejectedRowsDownload {
  fileName: string;
  contentType: string;
  write(out: Writable): Promise<void>;
}

/** "socios.csv" → "socios-rechazadas.csv"; a file that is already a download keeps its name. */
export function rejectedFileName(fileName: string, suffix: string): string {
  const dot = fileName.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, ''];
  return stem.endsWith(`-${suffix}`) ? fileName : `${stem}-${suffix}${extension}`;
}

/** A row's cells under the file's headers, without a problems column an earlier download added. */
function ownCells(cells: Cell[], width: number): Cell[] {
  return Array.from({ length: width }, (_v, i) => cells[i] ?? null);
}

async function* rejectedRecords(source: OpenedSource, width: number, problems: Map<number, string>) {
  for await (const row of source.rows) {
    const text = problems.get(row.rowNumber);
    if (text !== undefined) yield { cells: ownCells(row.cells, width), problems: text };
  }
}

async function writeCsv(
  out: Writable,
  source: OpenedSource,
  width: number,
  header: string,
  problems: Map<number, string>,
) {
  const encoding = source.encoding ?? 'utf-8';
  const options = { delimiter: source.delimiter ?? ',', record_delimiter: 'windows' } as const;
  async function* bytes() {
    // A UTF-8 file starts with a BOM so that Excel opens it as UTF-8; Windows-1252 has none.
    if (encoding === 'utf-8') yield Buffer.from([0xef, 0xbb, 0xbf]);
    yield iconv.encode(stringify([[...source.headers.slice(0, width), header]], options), encoding);
    for await (const { cells, problems: text } of rejectedRecords(source, width, problems)) {
      const record = cells.map((cell) =>
        cell === null ? '' : cell instanceof Date ? cell.toISOString() : String(cell),
      );
      yield iconv.encode(stringify([[...record, text]], options), encoding);
    }
  }
  await pipeline(Readable.from(bytes()), out);
}

// A date read from a workbook is written back as a date, with its time when it has one.
const dateFormat = (date: Date) =>
  date.getUTCHours() === 0 && date.getUTCMinutes() === 0 ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm';

async function writeXlsx(
  out: Writable,
  source: OpenedSource,
  width: number,
  header: string,
  problems: Map<number, string>,
) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(source.sheet ?? 'Sheet1');
  sheet.addRow([...source.headers.slice(0, width), header]).commit();
  for await (const { cells, problems: text } of rejectedRecords(source, width, problems)) {
    const row = sheet.addRow([...cells, text]);
    cells.forEach((cell, i) => {
      if (cell instanceof Date) row.getCell(i + 1).numFmt = dateFormat(cell);
    });
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * The download of a preview's rejected rows: `issues` holds every rejected row's issues by its row
 * number (the pass that found them ran over the whole file). The file is read again as it streams.
 */
export function rejectedRowsDownload(
  file: KeptFile,
  issues: Map<number, RowIssue[]>,
  t: Translate,
  lang: Language,
): RejectedRowsDownload {
  const problems = new Map([...issues].map(([row, rowIssues]) => [row, rowProblems(t, rowIssues, lang)]));
  const header = t('imports.rejected.column');
  return {
    fileName: rejectedFileName(file.fileName, t('imports.rejected.suffix')),
    contentType:
      file.format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : `text/csv; charset=${file.encoding ?? 'utf-8'}`,
    async write(out) {
      const opened = await openSource(file.storedFile, file.format, file.sheet);
      const source = { ...opened, rows: withEdits(opened.rows, file.cellEdits) };
      const width = problemsColumn(source.headers) ?? source.headers.length;
      if (file.format === 'xlsx') await writeXlsx(out, source, width, header, problems);
      else await writeCsv(out, source, width, header, problems);
    },
  };
}
