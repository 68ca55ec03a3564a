import express, { type Response, type Router } from 'express';
import { type Db, databaseAnswers } from '../database/connect.js';
import type { BackupMonitor } from '../operations/backup-schedule.js';
import { type Lifecycle, createLifecycle } from '../operations/lifecycle.js';

export interface HealthDependencies {
  /** Readiness follows it; without one the app counts as ready (tests, createApp alone). */
  lifecycle?: Lifecycle;
  /** Scheduled backups, when configured. */
  backups?: BackupMonitor | null;
}

/** What anyone may read about backups: how they go and when the last one worked; no file names, sizes or errors. */
function backupCheck(backups: BackupMonitor) {
  const { health, lastSuccessAt } = backups.status();
  return { status: health, lastSuccessAt };
}

const answer = (res: Response, status: number, body: object) =>
  res.status(status).set('Cache-Control', 'no-store').json(body);

/**
 * `/health` is liveness: the process answers and its database does (503 otherwise). A failing
 * backup makes it "degraded", still 200, so that nobody restarts a working app over it.
 * `/health/ready` is readiness: 200 only while the app is ready to take requests; 503 while it
 * starts or stops, so a load balancer sends it nothing new.
 */
export function setUpHealthChecks(
  db: Db,
  { lifecycle = createLifecycle('ready'), backups = null }: HealthDependencies = {},
): Router {
  const router = express.Router();
  router.get('/health', async (_req, res) => {
    if (!(await databaseAnswers(db))) return answer(res, 503, { status: 'error', checks: { database: 'unavailable' } });
    if (!backups) return answer(res, 200, { status: 'ok', checks: { database: 'ok' } });
    const backup = backupCheck(backups);
    answer(res, 200, {
      status: backup.status === 'failed' || backup.status === 'overdue' ? 'degraded' : 'ok',
      checks: { database: 'ok', backup },
    });
  });
  router.get('/health/ready', async (_req, res) => {
    if (lifecycle.state !== 'ready') return answer(res, 503, { status: lifecycle.state });
    if (!(await databaseAnswers(db))) return answer(res, 503, { status: 'error', checks: { database: 'unavailable' } });
    answer(res, 200, { status: 'ready' });
  });
  return router;
}
