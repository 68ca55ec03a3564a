// Ecuador's civil time (America/Guayaquil) is UTC−5 all year, with no daylight saving.
const ECUADOR_OFFSET = '-05:00';

/** The instant a calendar day starts in Ecuador, as an ISO string in UTC ("2026-11-24" → "2026-11-24T05:00:00.000Z"). */
export function startOfEcuadorDay(date: string): string {
  return new Date(`${date}T00:00:00${ECUADOR_OFFSET}`).toISOString();
}

export function startOfNextEcuadorDay(date: string): string {
  return new Date(Date.parse(startOfEcuadorDay(date)) + 24 * 60 * 60 * 1000).toISOString();
}
