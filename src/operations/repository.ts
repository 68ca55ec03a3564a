// Retention's data functions: what has outlived its use. Each takes `db` or a transaction's `trx` first.
import type { NotNull } from 'kysely';
import type { Executor, Trx } from '../database/executor.js';

/** Sessions past their idle or absolute timeout (they no longer sign anyone in). */
export async function deleteExpiredSessions(db: Executor, idleBefore: string, createdBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('lastSeenAt', '<', idleBefore), eb('createdAt', '<', createdBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Failed sign-in counters whose window has closed and whose lock (if any) is over. */
export async function deleteSpentThrottles(db: Executor, windowBefore: string, now: string): Promise<number> {
  const result = await db
    .deleteFrom('signInThrottle')
    .where('windowStartedAt', '<', windowBefore)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Previews still waiting for their commit: their kept files are in use. */
export async function pendingPreviewFiles(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('imports')
    .select('storedFile')
    .where('status', '=', 'preview')
    .where('storedFile', 'is not', null)
    .$narrowType<{ storedFile: NotNull }>()
    .execute();
  return rows.map((row) => row.storedFile);
}

/** Imports never committed, started before `before`: their rows go (committed ones stay, with their history). */
export async function deleteUncommittedImports(db: Executor, before: string): Promise<number> {
  // A workbook's sheet imports point at it: they go first, whenever they were added.
  const sheets = await db
    .deleteFrom('imports')
    .where('workbookId', 'in', (eb) =>
      eb
        .selectFrom('imports as workbook')
        .select('workbook.id')
        .where('workbook.status', '!=', 'committed')
        .where('workbook.createdAt', '<', before),
    )
    .executeTakeFirst();
  const result = await db
    .deleteFrom('imports')
    .where('status', '!=', 'committed')
    .where('createdAt', '<', before)
    .executeTakeFirst();
  return Number(sheets.numDeletedRows) + Number(result.numDeletedRows);
}

/** API request counts of minutes before `windowBefore` (the current minute's are still counting). */
export async function deleteSpentRateCounts(db: Executor, windowBefore: string): Promise<number> {
  const result = await db.deleteFrom('apiRateCounts').where('windowStart', '<', windowBefore).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Kept import files no import refers to any longer (its row deleted, or a file left by a failure). */
export async function deleteOrphanImportFiles(db: Executor): Promise<number> {
  const result = await db
    .deleteFrom('importFiles')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('imports').select('imports.id').whereRef('imports.storedFile', '=', 'importFiles.name'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Claims a job's period: true when it had not run for this period yet (or `force`; the caller's
 * transaction now holds the claim), false when some instance already did.
 */
export async function claimPeriod(
  trx: Trx,
  job: string,
  periodStart: string,
  now: string,
  force = false,
): Promise<boolean> {
  await trx
    .insertInto('scheduledRuns')
    .values({ job, periodStart: '', lastRunAt: '', runs: 0 })
    .onConflict((oc) => oc.column('job').doNothing())
    .execute();
  const result = await trx
    .updateTable('scheduledRuns')
    .set((eb) => ({ periodStart, lastRunAt: now, runs: eb('runs', '+', 1) }))
    .where('job', '=', job)
    .$if(!force, (qb) => qb.where('periodStart', '<', periodStart))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When each scheduled job last ran, and how many times it has. */
export async function scheduledRuns(
  db: Executor,
): Promise<{ job: string; periodStart: string; lastRunAt: string; runs: number }[]> {
  return db.selectFrom('scheduledRuns').selectAll().orderBy('job').execute();
}
