// Ecuador's civil time (America/Guayaquil) is UTC−5 all year, with no daylight saving.
const ECUADOR_OFFSET = '-05:00';

/** The instant a calendar day starts in Ecuador, as an ISO string in UTC ("2026-11-24" → "2026-11-24T05:00:00.000Z"). */
export function startOfEcuadorDay(date: string): string {
  return new Date(`${date}T00:00:00${ECUADOR_OFFSET}`).toISOString();
}

export function startOfNextEcuadorDay(date: string): string {
  return new Date(Date.parse(startOfEcuadorDay(date)) + 24 * 60 * 60 * 1000).toISOString();
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Reads a date-time as people and systems send it: ISO 8601 with an offset ("…Z", "…-05:00"), or
 * without one, meaning Ecuador time ("2026-11-20T14:30", as a datetime-local input sends it).
 * Returns the instant as ISO in UTC, or null when the text is not such a date-time.
 */
export function parseEcuadorDateTime(text: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  if (!match) return null;
  const [, day, time, seconds = ':00', , offset] = match;
  const ms = Date.parse(`${day}T${time}${seconds}${offset ?? ECUADOR_OFFSET}`);
  if (Number.isNaN(ms)) return null;
  // Reject impossible calendar days that Date.parse would roll over (e.g. 2026-02-30).
  const check = new Date(ms + (offset ? 0 : -5 * HOUR_MS));
  if (!offset && check.toISOString().slice(0, 10) !== day) return null;
  return new Date(ms).toISOString();
}

/** An instant as Ecuador's local "YYYY-MM-DDTHH:mm", for datetime-local inputs. */
export function toEcuadorLocalInput(iso: string): string {
  return new Date(Date.parse(iso) - 5 * HOUR_MS).toISOString().slice(0, 16);
}

/** Today's date in Ecuador, "YYYY-MM-DD". */
export function ecuadorToday(now = new Date()): string {
  return new Date(now.getTime() - 5 * HOUR_MS).toISOString().slice(0, 10);
}

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}
