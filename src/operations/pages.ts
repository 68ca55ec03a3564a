// The admin backup page: the schedule, the last outcome and the backups kept.
import type { BackupMonitor } from './backup-schedule.js';
import { type RouteSpec, get } from '../http/routing.js';

export function operationsPageRoutes(backups: BackupMonitor | null): RouteSpec[] {
  return [
    get('/admin/backups', 'operations.read', async (_req, res) => {
      res.render('admin/backups', {
        backup: backups?.status() ?? null,
        kept: backups ? await backups.keptBackups() : [],
      });
    }),
  ];
}
