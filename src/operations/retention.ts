// Retention: what has outlived its use is purged on a schedule (hourly) — expired sessions, spent
// sign-in counters and API request counts, import previews nobody committed and the uploaded files
// they kept. The rows go once per hour across instances (run-once.ts); each instance then clears
// its own upload folder, which no other instance can reach.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../auth/sessions.js';
import { THROTTLE_WINDOW_MS } from '../auth/throttle.js';
import type { Db } from '../database/connect.js';
import type { Trx } from '../database/executor.js';
import { RATE_WINDOW_MS } from '../http/rate-limit.js';
import { UPLOAD_DIR, keptName, removeLocalCopy } from '../imports/kept-files.js';
import { PREVIEW_LIFETIME_MS, expireStalePreviews } from '../imports/service.js';
import * as repo from './repository.js';
import { type Schedule, createSchedule, periodStartOf, runOncePerPeriod } from './run-once.js';

/** An import never committed leaves the history this long after it was started. */
export const UNCOMMITTED_IMPORT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** How often retention runs, and the period it runs once in across instances. */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;
export const RETENTION_JOB = 'retention';

/** What the database part of a purge removed. */
export interface RowPurgeReport {
  sessions: number;
  throttles: number;
  /** API request counts of minutes gone by. */
  rateCounts: number;
  /** Previews older than a day: their files deleted, the rows marked expired. */
  previewsExpired: number;
  /** Rows of imports never committed, older than a week. */
  importsDeleted: number;
  /** Files kept in the database that no import refers to any longer. */
  filesDeleted: number;
}

export interface PurgeReport extends RowPurgeReport {
  /** Files in this instance's upload folder older than a day that no waiting preview refers to. */
  uploadsDeleted: number;
}

export interface PurgeOptions {
  now?: Date;
  uploadDir?: string;
}

const before = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();

/** The rows' part of a purge, in the caller's transaction; returns the expired previews' files too. */
async function purgeRows(trx: Trx, now: Date): Promise<{ report: RowPurgeReport; expiredFiles: string[] }> {
  const stale = await expireStalePreviews(trx, now);
  const report = {
    sessions: await repo.deleteExpiredSessions(trx, before(now, IDLE_TIMEOUT_MS), before(now, ABSOLUTE_TIMEOUT_MS)),
    throttles: await repo.deleteSpentThrottles(trx, before(now, THROTTLE_WINDOW_MS), now.toISOString()),
    rateCounts: await repo.deleteSpentRateCounts(trx, periodStartOf(now, RATE_WINDOW_MS).toISOString()),
    previewsExpired: stale.length,
    importsDeleted: await repo.deleteUncommittedImports(trx, before(now, UNCOMMITTED_IMPORT_LIFETIME_MS)),
    filesDeleted: 0,
  };
  report.filesDeleted = await repo.deleteOrphanImportFiles(trx);
  return { report, expiredFiles: stale.flatMap((s) => (s.storedFile ? [s.storedFile] : [])) };
}

/** Purges once, now, whatever ran before: rows in one transaction, then the files they no longer need. */
export async function purgeExpiredData(
  db: Db,
  { now = new Date(), uploadDir = UPLOAD_DIR }: PurgeOptions = {},
): Promise<PurgeReport> {
  const { report, expiredFiles } = await db.transaction().execute((trx) => purgeRows(trx, now));
  for (const file of expiredFiles) await removeLocalCopy(file, uploadDir);
  return { ...report, uploadsDeleted: await purgeUnusedUploads(db, uploadDir, now) };
}

/**
 * The scheduled purge: the rows once per period across instances (null when another instance has
 * purged them in this period, or is purging them now), and this instance's upload folder always.
 */
export async function scheduledPurge(
  db: Db,
  { now = new Date(), uploadDir = UPLOAD_DIR }: PurgeOptions = {},
): Promise<{ rows: RowPurgeReport | null; uploadsDeleted: number }> {
  const outcome = await runOncePerPeriod(
    db,
    RETENTION_JOB,
    { everyMs: RETENTION_EVERY_MS },
    (trx) => purgeRows(trx, now),
    { now },
  );
  if (outcome.ran) for (const file of outcome.value.expiredFiles) await removeLocalCopy(file, uploadDir);
  return {
    rows: outcome.ran ? outcome.value.report : null,
    uploadsDeleted: await purgeUnusedUploads(db, uploadDir, now),
  };
}

/**
 * The upload folder is this instance's (and every installation's on the machine): a file older than
 * a preview's lifetime serves none of them (their previews have expired too), whichever wrote it.
 * A copy written from the database for a preview that has since been committed elsewhere goes too.
 */
async function purgeUnusedUploads(db: Db, uploadDir: string, now: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(uploadDir);
  } catch {
    return 0;
  }
  const inUse = new Set((await repo.pendingPreviewFiles(db)).map(keptName));
  const cutoff = now.getTime() - PREVIEW_LIFETIME_MS;
  let deleted = 0;
  for (const name of names) {
    if (inUse.has(name)) continue;
    const path = join(uploadDir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.mtimeMs >= cutoff) continue;
    await rm(path, { force: true });
    deleted++;
  }
  return deleted;
}

/** Purges soon after start, then hourly. */
export function createRetentionSchedule(
  db: Db,
  logger: Logger,
  options: { everyMs?: number; firstRunDelayMs?: number; uploadDir?: string } = {},
): Schedule {
  return createSchedule(
    'retention',
    logger,
    async () => {
      const { rows, uploadsDeleted } = await scheduledPurge(
        db,
        options.uploadDir ? { uploadDir: options.uploadDir } : {},
      );
      const purged = { ...rows, uploadsDeleted };
      if (Object.values(purged).some((n) => n > 0)) logger.info({ purged }, 'retention: expired data purged');
    },
    { everyMs: options.everyMs ?? RETENTION_EVERY_MS, firstRunDelayMs: options.firstRunDelayMs ?? 60_000 },
  );
}
