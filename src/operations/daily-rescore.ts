// Scores depend on time windows (the last 365 and 730 days), so everyone is rescored once a day,
// across instances: at start-up when the day has not been rescored yet, then by whichever
// instance's hourly check first finds a new day (Ecuador's: it starts at 05:00 UTC).
import type { Logger } from 'pino';
import type { Db } from '../database/connect.js';
import { rescoreAllIn } from '../scoring/service.js';
import { type RunOutcome, type Schedule, createSchedule, runOncePerPeriod } from './run-once.js';

export const RESCORE_JOB = 'rescore';
const HOUR_MS = 60 * 60 * 1000;
export const RESCORE_PERIOD = { everyMs: 24 * HOUR_MS, offsetMs: 5 * HOUR_MS };

/**
 * Rescores everyone unless some instance already has today (or is doing it now); `force` rescores
 * even so (after migrations, which may come with new scoring).
 */
export function rescoreOncePerDay(
  db: Db,
  { now = new Date(), force = false }: { now?: Date; force?: boolean } = {},
): Promise<RunOutcome<{ partners: number }>> {
  return runOncePerPeriod(db, RESCORE_JOB, RESCORE_PERIOD, (trx) => rescoreAllIn(trx, now), { now, force });
}

/** Checks hourly whether a new day needs rescoring (start-up has checked already). */
export function createRescoreSchedule(db: Db, logger: Logger, options: { everyMs?: number } = {}): Schedule {
  const everyMs = options.everyMs ?? HOUR_MS;
  return createSchedule(
    'daily rescore',
    logger,
    async () => {
      const outcome = await rescoreOncePerDay(db);
      if (outcome.ran) logger.info(outcome.value, 'daily rescore: scores recomputed');
    },
    { everyMs, firstRunDelayMs: everyMs },
  );
}
