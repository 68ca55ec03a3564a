// Retention: what has outlived its use is purged on a schedule (hourly) — expired sessions and
// spent sign-in counters, import previews nobody committed, and uploaded files no preview needs.
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../auth/sessions.js';
import { THROTTLE_WINDOW_MS } from '../auth/throttle.js';
import type { Db } from '../database/connect.js';
import { PREVIEW_LIFETIME_MS, expireStalePreviews } from '../imports/service.js';
import { UPLOAD_DIR } from '../imports/upload.js';
import * as repo from './repository.js';

/** An import never committed leaves the history this long after it was started. */
export const UNCOMMITTED_IMPORT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const EVERY_MS = 60 * 60 * 1000;

export interface PurgeReport {
  sessions: number;
  throttles: number;
  /** Previews older than a day: their files deleted, the rows marked expired. */
  previewsExpired: number;
  /** Rows of imports never committed, older than a week. */
  importsDeleted: number;
  /** Files in the upload folder older than a day that no waiting preview refers to. */
  uploadsDeleted: number;
}

export interface PurgeOptions {
  now?: Date;
  uploadDir?: string;
}

const before = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();

/** Purges once; rows in one transaction, then the files they no longer need. */
export async function purgeExpiredData(
  db: Db,
  { now = new Date(), uploadDir = UPLOAD_DIR }: PurgeOptions = {},
): Promise<PurgeReport> {
  const { report, expiredFiles } = await db.transaction().execute(async (trx) => {
    const stale = await expireStalePreviews(trx, now);
    return {
      expiredFiles: stale.flatMap((s) => (s.storedFile ? [s.storedFile] : [])),
      report: {
        sessions: await repo.deleteExpiredSessions(trx, before(now, IDLE_TIMEOUT_MS), before(now, ABSOLUTE_TIMEOUT_MS)),
        throttles: await repo.deleteSpentThrottles(trx, before(now, THROTTLE_WINDOW_MS), now.toISOString()),
        previewsExpired: stale.length,
        importsDeleted: await repo.deleteUncommittedImports(trx, before(now, UNCOMMITTED_IMPORT_LIFETIME_MS)),
      },
    };
  });
  for (const file of expiredFiles) await rm(file, { force: true });
  return { ...report, uploadsDeleted: await purgeUnusedUploads(db, uploadDir, now) };
}

/**
 * The upload folder is shared by every installation on the machine; a file older than a preview's
 * lifetime serves none of them (their previews have expired too), whichever wrote it.
 */
async function purgeUnusedUploads(db: Db, uploadDir: string, now: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(uploadDir);
  } catch {
    return 0;
  }
  const inUse = new Set((await repo.pendingPreviewFiles(db)).map((file) => resolve(file)));
  const cutoff = now.getTime() - PREVIEW_LIFETIME_MS;
  let deleted = 0;
  for (const name of names) {
    const path = resolve(join(uploadDir, name));
    if (inUse.has(path)) continue;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.mtimeMs >= cutoff) continue;
    await rm(path, { force: true });
    deleted++;
  }
  return deleted;
}

export interface RetentionSchedule {
  start(): void;
  /** Stops the timer and waits for a purge in progress (it uses the database). */
  stop(): Promise<void>;
}

/** Purges soon after start, then hourly; the timer never keeps the process alive. */
export function createRetentionSchedule(
  db: Db,
  logger: Logger,
  options: { everyMs?: number; firstRunDelayMs?: number; uploadDir?: string } = {},
): RetentionSchedule {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = purgeExpiredData(db, { ...(options.uploadDir ? { uploadDir: options.uploadDir } : {}) })
        .then((report) => {
          if (Object.values(report).some((n) => n > 0))
            logger.info({ purged: report }, 'retention: expired data purged');
        })
        .catch((error: unknown) => logger.error({ err: error }, 'retention: the purge failed'))
        .finally(() => {
          running = null;
          schedule(options.everyMs ?? EVERY_MS);
        });
    }, delay);
    timer.unref();
  }

  return {
    start() {
      stopped = false;
      schedule(options.firstRunDelayMs ?? 60_000);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
