// Scheduled work runs once across instances. Every instance keeps its timers; whichever fires first
// in a period claims it in the database (scheduled_runs: UPDATE … WHERE period_start < this period,
// in the job's own transaction, so a job that fails leaves its period unclaimed) and the others
// find it claimed. On PostgreSQL a transaction-level advisory lock, held while the job runs, makes
// a second instance skip at once instead of waiting on the claimed row. On SQLite there is one
// machine, and the database file's write lock already serializes writers: the claim is enough.
import type { Logger } from 'pino';
import type { Db } from '../database/connect.js';
import { tryLockFor } from '../database/locks.js';
import type { Trx } from '../database/executor.js';
import * as repo from './repository.js';

export type RunOutcome<T> =
  | { ran: true; value: T }
  /** `busy`: another instance is running it now; `done`: it already ran in this period. */
  | { ran: false; reason: 'busy' | 'done' };

/**
 * The start of the period of `periodMs` that `now` falls in: periods are counted from the epoch,
 * shifted by `offsetMs` (a day in Ecuador starts at 05:00 UTC).
 */
export function periodStartOf(now: Date, periodMs: number, offsetMs = 0): Date {
  return new Date(Math.floor((now.getTime() - offsetMs) / periodMs) * periodMs + offsetMs);
}

/**
 * Runs `work` in one transaction unless another instance is running the same job or it has already
 * run in the period `now` falls in. `force` runs it even so (not while another instance is running
 * it), and claims the period: an instance that has just migrated the database rescores whatever ran
 * before.
 */
export async function runOncePerPeriod<T>(
  db: Db,
  job: string,
  period: { everyMs: number; offsetMs?: number },
  work: (trx: Trx) => Promise<T>,
  { now = new Date(), force = false }: { now?: Date; force?: boolean } = {},
): Promise<RunOutcome<T>> {
  const periodStart = periodStartOf(now, period.everyMs, period.offsetMs).toISOString();
  return db.transaction().execute(async (trx): Promise<RunOutcome<T>> => {
    if (!(await tryLockFor(trx, job))) return { ran: false, reason: 'busy' };
    const claimed = await repo.claimPeriod(trx, job, periodStart, now.toISOString(), force);
    if (!claimed) return { ran: false, reason: 'done' };
    return { ran: true, value: await work(trx) };
  });
}

export interface Schedule {
  start(): void;
  /** Stops the timer and waits for a run in progress (it uses the database). */
  stop(): Promise<void>;
}

/**
 * Calls `tick` soon after start, then every `everyMs`; the timer never keeps the process alive. A
 * tick that fails is logged and the next one comes as usual.
 */
export function createSchedule(
  name: string,
  logger: Logger,
  tick: () => Promise<void>,
  { everyMs, firstRunDelayMs }: { everyMs: number; firstRunDelayMs: number },
): Schedule {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((error: unknown) => logger.error({ err: error }, `${name}: the run failed`))
        .finally(() => {
          running = null;
          schedule(everyMs);
        });
    }, delay);
    timer.unref();
  }

  return {
    start() {
      stopped = false;
      schedule(firstRunDelayMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
