// Reading a spreadsheet cell as people in Ecuador type it and as Excel saves it. Pure: no I/O.
import { parseLocaleNumber } from '../shared/numbers.js';

/** A cell as a source hands it over: text from CSV; text, numbers, dates or booleans from XLSX. */
export type Cell = string | number | boolean | Date | null;

const DAY_MS = 24 * 60 * 60 * 1000;
// Excel's day 0 is 1899-12-30 once its fictional 1900-02-29 is accounted for (serials ≥ 61).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export function isBlank(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell as trimmed text ('' when blank); numbers keep every digit. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** A number from "1.234,56", "1,234.56", "12,5" or a numeric cell; the text itself when it is not one. */
export function cellNumber(cell: Cell): number | string | null {
  if (isBlank(cell)) return null;
  if (typeof cell === 'number') return cell;
  return parseLocaleNumber(cellText(cell));
}

const pad = (n: number) => String(n).padStart(2, '0');

function calendarDay(year: number, month: number, day: number): string | null {
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** An Excel date serial (with its time as a fraction) as Ecuador wall-clock date and minutes. */
function fromSerial(serial: number): { date: string; minutes: number } | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return null;
  const ms = EXCEL_EPOCH_MS + Math.round((serial * DAY_MS) / 60000) * 60000;
  const d = new Date(ms);
  return { date: d.toISOString().slice(0, 10), minutes: d.getUTCHours() * 60 + d.getUTCMinutes() };
}

/** A wall-clock date and time that exceljs hands over as a UTC Date. */
function fromDate(date: Date): { date: string; minutes: number } | null {
  if (Number.isNaN(date.getTime())) return null;
  return { date: date.toISOString().slice(0, 10), minutes: date.getUTCHours() * 60 + date.getUTCMinutes() };
}

export type DateProblem = 'date' | 'monthFirst';

/**
 * A calendar date from "dd/mm/yyyy" (also with "-" or "."), "yyyy-mm-dd", an Excel serial or an
 * XLSX date, with an optional time after it. Ecuador writes the day first: "03/25/2026" is refused
 * as month-first rather than guessed.
 */
export function cellDateTime(cell: Cell): { date: string; minutes: number | null } | DateProblem | null {
  if (isBlank(cell)) return null;
  if (cell instanceof Date) return fromDate(cell) ?? 'date';
  if (typeof cell === 'number') return fromSerial(cell) ?? 'date';
  const text = cellText(cell);
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](.+))?$/.exec(text);
  let date: string | null = null;
  let rest: string | undefined;
  if (match) {
    date = calendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
    rest = match[4];
  } else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:,?\s+(.+))?$/.exec(text))) {
    const [first, second] = [Number(match[1]), Number(match[2])];
    const yearText = match[3] ?? '';
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    if (second > 12 && first <= 12) return 'monthFirst';
    date = calendarDay(year, second, first);
    rest = match[4];
  } else if (/^\d+(\.\d+)?$/.test(text)) {
    // A serial that reached a CSV as text.
    return fromSerial(Number(text)) ?? 'date';
  }
  if (date === null) return 'date';
  if (rest === undefined) return { date, minutes: null };
  const minutes = timeMinutes(rest);
  return minutes === null ? 'date' : { date, minutes };
}

/** Minutes after midnight from "HH:MM", "H:MM:SS", "2:30 pm", "10:30:00.000-05:00" or an Excel time fraction. */
export function cellTime(cell: Cell): number | 'time' | null {
  if (isBlank(cell)) return null;
  if (cell instanceof Date) return cell.getUTCHours() * 60 + cell.getUTCMinutes();
  if (typeof cell === 'number') return cell >= 0 && cell < 1 ? Math.round(cell * 24 * 60) % (24 * 60) : 'time';
  return timeMinutes(cellText(cell)) ?? 'time';
}

// Times as KoboToolbox and ODK write them, "10:30:00.000-05:00" or "10:30:00Z", are read as written (the
// clock of the device that filled in the form) with the offset dropped: the app keeps Ecuador wall-clock
// times, and a form filled in Ecuador carries -05:00 anyway.
const ISO_TIME = /^(\d{1,2}:\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function timeMinutes(text: string): number | null {
  // Seconds never count: the app keeps minutes.
  const written = text.trim().replace(ISO_TIME, '$1');
  const match = /^(\d{1,2})[:h.](\d{2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?$/i.exec(written);
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  const meridiem = match[4]?.toLowerCase().replace(/[.\s]/g, '');
  if (meridiem) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/** "yyyy-mm-dd" plus minutes → the local date-time text parseEcuadorDateTime reads. */
export function localDateTime(date: string, minutes: number): string {
  return `${date}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
