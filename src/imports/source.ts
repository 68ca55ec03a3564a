// Reads an uploaded file as a stream of rows, never holding the whole file or workbook: CSV
// (encoding and delimiter detected) through csv-parse, XLSX through exceljs's streaming reader.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Cell } from './cells.js';
import { type Delimiter, type Encoding, detectDelimiter, stripBom, utf8Checker } from './detect.js';
import { type WorkbookIndex, workbookIndex } from './xlsx-index.js';

export type FileFormat = 'csv' | 'xlsx';

export interface SheetRow {
  /** The row number a spreadsheet program shows (the header is row 1 when it is the first). */
  rowNumber: number;
  cells: Cell[];
}

export interface OpenedSource {
  format: FileFormat;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  sheet: string | null;
  headers: string[];
  rows: AsyncGenerator<SheetRow>;
}

/** Why a file cannot be read as a spreadsheet; a translation key suffix. */
export class UnreadableFileError extends Error {
  constructor(
    readonly reason:
      'wrongType' | 'legacyXls' | 'empty' | 'noSheet' | 'corrupt' | 'csvQuote' | 'csvSyntax' | 'notWorkbook',
    readonly params: Record<string, string> = {},
  ) {
    super(reason);
  }
}

const SAMPLE_BYTES = 64 * 1024;

async function firstBytes(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Decides the format from the bytes (a ZIP is a workbook), with the file name as a tiebreak for text. */
export async function detectFormat(path: string, fileName: string): Promise<FileFormat> {
  const head = await firstBytes(path, 4096);
  if (head.length === 0) throw new UnreadableFileError('empty');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    throw new UnreadableFileError('legacyXls');
  // Text has no NUL bytes (UTF-16 is not what Excel saves as "CSV").
  if (head.includes(0) || !/\.(csv|txt|tsv)$/i.test(fileName)) throw new UnreadableFileError('wrongType');
  return 'csv';
}

const trimTrailingBlanks = (cells: Cell[]) => {
  let end = cells.length;
  while (
    end > 0 &&
    (cells[end - 1] === null || (typeof cells[end - 1] === 'string' && (cells[end - 1] as string).trim() === ''))
  )
    end--;
  return end === cells.length ? cells : cells.slice(0, end);
};

async function detectEncoding(path: string): Promise<Encoding> {
  const checker = utf8Checker();
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    checker.push(chunk as Buffer);
    if (checker.failed()) break;
  }
  return checker.result();
}

function decoding(encoding: Encoding): Transform {
  const decoder = new TextDecoder(encoding);
  let first = true;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      let text = decoder.decode(chunk, { stream: true });
      if (first && text.length > 0) {
        text = stripBom(text);
        first = false;
      }
      done(null, text);
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

async function openCsv(path: string): Promise<OpenedSource> {
  const encoding = await detectEncoding(path);
  const sample = stripBom(new TextDecoder(encoding).decode(await firstBytes(path, SAMPLE_BYTES)));
  const delimiter = detectDelimiter(sample);
  // The file line the last well-formed record ended on, as the parser reaches it (not as rows are
  // consumed, which may lag behind): a broken record starts on the next line.
  let lastLine = 0;
  const parser = createReadStream(path)
    .pipe(decoding(encoding))
    .pipe(
      parse({
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        bom: false,
        on_record: (record: string[], context) => {
          lastLine = context.lines;
          return record;
        },
      }),
    );
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const nextRecord = async (): Promise<string[] | null> => {
    try {
      const next = await records.next();
      if (next.done) return null;
      return next.value;
    } catch (error) {
      parser.destroy();
      if (error instanceof CsvError) {
        throw new UnreadableFileError(error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'csvQuote' : 'csvSyntax', {
          line: String(lastLine + 1),
        });
      }
      throw error;
    }
  };
  let rowNumber = 0;
  let headers: string[] | null = null;
  while (headers === null) {
    const next = await nextRecord();
    if (next === null) throw new UnreadableFileError('empty');
    rowNumber++;
    const cells = trimTrailingBlanks(next);
    if (cells.length > 0) headers = cells.map((c) => String(c ?? '').trim());
  }
  const headerCount = headers.length;
  async function* rows(): AsyncGenerator<SheetRow> {
    try {
      for (;;) {
        const next = await nextRecord();
        if (next === null) return;
        rowNumber++;
        yield { rowNumber, cells: next.slice(0, headerCount) };
      }
    } finally {
      parser.destroy();
    }
  }
  return { format: 'csv', encoding, delimiter, sheet: null, headers, rows: rows() };
}

/** Reads rows to the end and drops them: to find a malformed last line, or to get past a sheet. */
export async function readToEnd(rows: AsyncIterable<unknown>): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  while (!(await iterator.next()).done) {
    // Only a failure to read matters here.
  }
}

/** What exceljs hands over for a cell, reduced to a plain value. */
function plainCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date)
    return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('');
    if ('result' in v) return plainCell(v.result);
    if ('text' in v) return plainCell(v.text);
    if ('error' in v) return null;
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value of a kind exceljs added later reads as it always did
  return String(value);
}

function xlsxReader(stream: Readable) {
  return new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
}

/** A workbook's sheet names in tab order, from its index (no sheet is read). */
export async function listSheets(path: string): Promise<string[]> {
  const index = await workbookIndex(path);
  if (!index) throw new UnreadableFileError('corrupt');
  return index.sheets.map((sheet) => sheet.name);
}

/**
 * One sheet's part after the parts that name and decode it, as the ZIP stream the reader expects.
 * The stream never ends by itself (the reader of the rows destroys it): unzipper ends its entries
 * when its input ends, before the reader has taken them all (exceljs issue #3064).
 */
function sheetStream(path: string, index: WorkbookIndex, part: string): PassThrough {
  const ranges = [...PARTS_BEFORE_SHEETS, part].flatMap((name) => {
    const range = index.parts.get(name);
    return range ? [range] : [];
  });
  const out = new PassThrough();
  const copy = async () => {
    for (const [start, end] of ranges) {
      for await (const chunk of createReadStream(path, { start, end: end - 1 })) {
        if (out.destroyed) return;
        if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      }
    }
  };
  copy().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

const PARTS_BEFORE_SHEETS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];

async function openXlsx(path: string, sheet: string | null): Promise<OpenedSource> {
  const index = await workbookIndex(path);
  if (!index) throw new UnreadableFileError('corrupt');
  const wanted = sheet?.trim() ?? '';
  // The first sheet, or the one named or numbered (a number counts the tabs from 1).
  const target = index.sheets.find(
    (s, i) => wanted === '' || wanted === String(i + 1) || s.name.trim().toLowerCase() === wanted.toLowerCase(),
  );
  if (!target) throw new UnreadableFileError('noSheet', { sheet: wanted });
  const part = index.partOf.get(target.name);
  if (part === undefined || !index.parts.has(part)) throw new UnreadableFileError('corrupt');
  const stream = sheetStream(path, index, part);
  const reader = xlsxReader(stream);
  // Without a shared strings part (strings inline) the reader would hold the sheet until the input ends.
  if (!index.parts.has('xl/sharedStrings.xml')) Object.assign(reader, { sharedStrings: [] });
  let chosen: { name: string; rows: AsyncIterator<ExcelJS.Row> };
  try {
    const next = await reader[Symbol.asyncIterator]().next();
    if (next.done) throw new UnreadableFileError('corrupt');
    const worksheet = next.value as ExcelJS.stream.xlsx.WorksheetReader & { name?: string };
    chosen = { name: worksheet.name ?? target.name, rows: worksheet[Symbol.asyncIterator]() };
  } catch (error) {
    stream.destroy();
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError('corrupt');
  }
  const valuesOf = (row: ExcelJS.Row) =>
    trimTrailingBlanks(((row.values as unknown[] | undefined) ?? []).slice(1).map(plainCell));
  let headers: string[] | null = null;
  let headerRow = 0;
  while (headers === null) {
    const next = await chosen.rows.next();
    if (next.done) {
      stream.destroy();
      throw new UnreadableFileError('empty');
    }
    const cells = valuesOf(next.value);
    if (cells.length > 0) {
      headers = cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : String(c ?? '').trim()));
      headerRow = next.value.number;
    }
  }
  const headerCount = headers.length;
  const rowsOf = chosen.rows;
  async function* rows(): AsyncGenerator<SheetRow> {
    try {
      for (;;) {
        const next = await rowsOf.next();
        if (next.done) return;
        if (next.value.number <= headerRow) continue;
        const cells = valuesOf(next.value).slice(0, headerCount);
        yield { rowNumber: next.value.number, cells };
      }
    } finally {
      stream.destroy();
    }
  }
  return { format: 'xlsx', encoding: null, delimiter: null, sheet: chosen.name, headers, rows: rows() };
}

export async function openSource(path: string, format: FileFormat, sheet: string | null = null): Promise<OpenedSource> {
  return format === 'xlsx' ? openXlsx(path, sheet) : openCsv(path);
}
