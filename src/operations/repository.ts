// Retention's data functions: what has outlived its use. Each takes `db` or a transaction's `trx` first.
import type { NotNull } from 'kysely';
import type { Executor } from '../database/executor.js';

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
