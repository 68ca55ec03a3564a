// Scheduled backups inside the running app: every few hours into BACKUP_DIR, keeping the newest
// BACKUP_KEEP files. Its outcome is what /health and the admin backup page report.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { backupDatabase } from './backup.js';
import { totalRows } from './sqlite-files.js';

export interface BackupOutcome {
  at: string;
  ok: boolean;
  /** The backup's file name (in the backup folder); null when it failed. */
  file: string | null;
  bytes: number | null;
  rows: number | null;
  durationMs: number;
  /** Why it failed, as the backup reported it (it may name files: admins only). */
  error: string | null;
}

/** ok; failed (the last attempt); overdue (no success for two periods); pending (none yet). */
export type BackupHealth = 'ok' | 'failed' | 'overdue' | 'pending';

export interface BackupStatus {
  dir: string;
  everyHours: number;
  keep: number;
  running: boolean;
  last: BackupOutcome | null;
  lastSuccessAt: string | null;
  nextAt: string | null;
  health: BackupHealth;
}

export interface KeptBackup {
  name: string;
  bytes: number;
  takenAt: string;
}

/** What pages and /health read about backups. */
export interface BackupMonitor {
  status(): BackupStatus;
  keptBackups(): Promise<KeptBackup[]>;
}

export interface BackupScheduler extends BackupMonitor {
  start(): void;
  /** Stops scheduling and waits for a backup in progress to finish. */
  stop(): Promise<void>;
  runNow(): Promise<BackupOutcome>;
}

export interface BackupScheduleOptions {
  databasePath: string;
  dir: string;
  everyHours: number;
  keep: number;
  logger: Logger;
  /** The first backup waits at least this long after start, so start-up work comes first. */
  firstRunDelayMs?: number;
  now?: () => Date;
}

const HOUR_MS = 60 * 60 * 1000;
const NAME = /^cartera-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.sqlite$/;
const PARTIAL = /^cartera-\d{8}T\d{6}Z\.sqlite\.partial-\d+$/;

const fileNameAt = (at: Date) =>
  `cartera-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.sqlite`;

function takenAtOf(name: string): string | null {
  const m = NAME.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : null;
}

/** The scheduled backups in a folder, newest first (other files there are never touched). */
function keptNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => NAME.test(name))
    .sort()
    .reverse();
}

export function createBackupScheduler(options: BackupScheduleOptions): BackupScheduler {
  const { databasePath, dir, everyHours, keep, logger } = options;
  const now = options.now ?? (() => new Date());
  const everyMs = everyHours * HOUR_MS;
  let last: BackupOutcome | null = null;
  let lastSuccessAt: string | null = null;
  let nextAt: Date | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<BackupOutcome> | null = null;
  let stopped = false;

  function schedule(at: Date) {
    if (stopped) return;
    nextAt = at;
    timer = setTimeout(() => void runNow(), Math.max(0, at.getTime() - now().getTime()));
    timer.unref();
  }

  async function prune(): Promise<string[]> {
    const removed = keptNames(dir).slice(keep);
    for (const name of removed) await rm(join(dir, name), { force: true });
    return removed;
  }

  async function backUp(): Promise<BackupOutcome> {
    const at = now();
    const file = fileNameAt(at);
    try {
      mkdirSync(dir, { recursive: true });
      const report = await backupDatabase(databasePath, join(dir, file));
      const removed = await prune();
      logger.info(
        { backup: file, bytes: report.bytes, rows: totalRows(report.tables), durationMs: report.durationMs, removed },
        'scheduled backup taken and verified',
      );
      lastSuccessAt = at.toISOString();
      return {
        at: at.toISOString(),
        ok: true,
        file,
        bytes: report.bytes,
        rows: totalRows(report.tables),
        durationMs: report.durationMs,
        error: null,
      };
    } catch (error) {
      const message = (error as Error).message;
      logger.error({ backup: file, error: message }, 'scheduled backup failed');
      return {
        at: at.toISOString(),
        ok: false,
        file: null,
        bytes: null,
        rows: null,
        durationMs: now().getTime() - at.getTime(),
        error: message,
      };
    }
  }

  function runNow(): Promise<BackupOutcome> {
    if (running) return running;
    if (timer) clearTimeout(timer);
    nextAt = null;
    running = backUp().then((outcome) => {
      last = outcome;
      running = null;
      schedule(new Date(now().getTime() + everyMs));
      return outcome;
    });
    return running;
  }

  function health(): BackupHealth {
    if (last && !last.ok) return 'failed';
    if (!lastSuccessAt) return 'pending';
    return now().getTime() - Date.parse(lastSuccessAt) > 2 * everyMs ? 'overdue' : 'ok';
  }

  return {
    start() {
      stopped = false;
      mkdirSync(dir, { recursive: true });
      // A backup cut short (the app killed mid-copy) leaves a partial file that is no backup.
      for (const name of readdirSync(dir).filter((n) => PARTIAL.test(n))) rmSync(join(dir, name), { force: true });
      // A restart does not reset the clock: the newest kept backup says when the next is due.
      const newest = keptNames(dir)[0];
      lastSuccessAt ??= newest ? takenAtOf(newest) : null;
      const due = lastSuccessAt ? Date.parse(lastSuccessAt) + everyMs : 0;
      schedule(new Date(Math.max(due, now().getTime() + (options.firstRunDelayMs ?? 60_000))));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      nextAt = null;
      await running;
    },
    runNow,
    status() {
      return {
        dir,
        everyHours,
        keep,
        running: running !== null,
        last,
        lastSuccessAt,
        nextAt: nextAt?.toISOString() ?? null,
        health: health(),
      };
    },
    async keptBackups() {
      if (!existsSync(dir)) return [];
      const names = (await readdir(dir))
        .filter((name) => NAME.test(name))
        .sort()
        .reverse();
      const kept = names.flatMap((name) => {
        const takenAt = takenAtOf(name);
        return takenAt ? [{ name, takenAt }] : [];
      });
      return Promise.all(kept.map(async (backup) => ({ ...backup, bytes: (await stat(join(dir, backup.name))).size })));
    },
  };
}
