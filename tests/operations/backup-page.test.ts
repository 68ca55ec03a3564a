// Scheduled backups, what /health says of them (nothing private) and the admin backup page;
// readiness apart from liveness.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createBackupScheduler } from '../../src/operations/backup-schedule.js';
import { createLifecycle } from '../../src/operations/lifecycle.js';
import { freshDatabase, signedInAgent } from '../helpers/app.js';
import { databaseWith, partnerNamesIn, removeScratchFolders, scratchFolder } from './files.js';

afterAll(removeScratchFolders);

const silent = pino({ level: 'silent' });

describe('scheduled backups', () => {
  it('backs up on time, keeps the newest few, and reports it on /health and to admins only', async () => {
    const folder = scratchFolder();
    const live = join(folder, 'cartera.sqlite');
    const liveDb = await databaseWith(live, ['Fundación Río Verde']);
    const dir = join(folder, 'copias');
    let clock = new Date('2026-12-01T02:00:00.000Z');
    const backups = createBackupScheduler({
      databasePath: live,
      dir,
      everyHours: 6,
      keep: 2,
      logger: silent,
      now: () => clock,
    });
    const db = await freshDatabase();
    const app = createApp({ db, logger: silent, production: false, backups });
    try {
      expect((await request(app).get('/health').expect(200)).body).toEqual({
        status: 'ok',
        checks: { database: 'ok', backup: { status: 'pending', lastSuccessAt: null } },
      });

      for (const hour of ['02', '08', '14']) {
        clock = new Date(`2026-12-01T${hour}:00:00.000Z`);
        expect(await backups.runNow()).toMatchObject({
          ok: true,
          file: `cartera-20261201T${hour}0000Z.sqlite`,
          error: null,
        });
      }
      await backups.stop();
      expect(readdirSync(dir).sort()).toEqual(['cartera-20261201T080000Z.sqlite', 'cartera-20261201T140000Z.sqlite']);
      expect(partnerNamesIn(join(dir, 'cartera-20261201T140000Z.sqlite'))).toEqual(['Fundación Río Verde']);

      const health = await request(app).get('/health').expect(200);
      expect(health.headers['cache-control']).toBe('no-store');
      expect(health.body).toEqual({
        status: 'ok',
        checks: { database: 'ok', backup: { status: 'ok', lastSuccessAt: '2026-12-01T14:00:00.000Z' } },
      });
      expect(health.text).not.toContain('sqlite');
      expect(health.text).not.toContain(folder);

      const { agent } = await signedInAgent(app, db, 'admin');
      const page = await agent.get('/admin/backups').set('Accept-Language', 'es').expect(200);
      expect(page.text).toContain('Copias de seguridad');
      expect(page.text).toContain('Al día');
      expect(page.text).toContain('Cada 6 h; se conservan las 2 más recientes');
      expect(page.text).toContain(dir);
      expect(page.text).toContain('2 copias en la carpeta');
      expect(page.text).toContain('cartera-20261201T140000Z.sqlite');
      expect(page.text).toContain('Verificada');
      expect(page.text).not.toContain('cartera-20261201T020000Z.sqlite');
      const { agent: officer } = await signedInAgent(app, db, 'officer');
      await officer.get('/admin/backups').expect(403);

      // Six hours late and more, the next one fails: /health says so, without the reason; admins read it.
      clock = new Date('2026-12-02T03:00:00.000Z');
      await liveDb.destroy();
      const failing = createBackupScheduler({
        databasePath: join(folder, 'gone.sqlite'),
        dir,
        everyHours: 6,
        keep: 2,
        logger: silent,
        now: () => clock,
      });
      const failingApp = createApp({ db, logger: silent, production: false, backups: failing });
      failing.start();
      expect((await request(failingApp).get('/health').expect(200)).body.checks.backup).toEqual({
        status: 'overdue',
        lastSuccessAt: '2026-12-01T14:00:00.000Z',
      });
      expect(await failing.runNow()).toMatchObject({
        ok: false,
        file: null,
        error: expect.stringContaining('There is no database at'),
      });
      await failing.stop();
      const failed = await request(failingApp).get('/health').expect(200);
      expect(failed.body).toEqual({
        status: 'degraded',
        checks: { database: 'ok', backup: { status: 'failed', lastSuccessAt: '2026-12-01T14:00:00.000Z' } },
      });
      expect(failed.text).not.toContain('gone.sqlite');
      const { agent: admin } = await signedInAgent(failingApp, db, 'admin');
      const failedPage = await admin.get('/admin/backups').set('Accept-Language', 'en').expect(200);
      expect(failedPage.text).toContain('The last backup failed');
      expect(failedPage.text).toContain('There is no database at');
    } finally {
      await backups.stop();
      await db.destroy();
    }
  }, 30_000);

  it('tells admins how to turn scheduled backups on when they are off', async () => {
    const db = await freshDatabase();
    const app = createApp({ db, logger: silent, production: false });
    const { agent } = await signedInAgent(app, db, 'admin');
    const page = await agent.get('/admin/backups').set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('Scheduled backups are off');
    expect(page.text).toContain('set BACKUP_DIR');
    expect(page.text).toContain('npm run db:backup -- --to backup.sqlite');
    expect((await request(app).get('/health').expect(200)).body).toEqual({ status: 'ok', checks: { database: 'ok' } });
    await db.destroy();
  });
});

describe('readiness', () => {
  it('is ready only between start and stop, while liveness answers throughout', async () => {
    const db = await freshDatabase();
    const lifecycle = createLifecycle();
    const app = createApp({ db, logger: silent, production: false, lifecycle });
    expect((await request(app).get('/health/ready').expect(503)).body).toEqual({ status: 'starting' });
    await request(app).get('/health').expect(200);
    lifecycle.markReady();
    expect((await request(app).get('/health/ready').expect(200)).body).toEqual({ status: 'ready' });
    lifecycle.markStopping();
    lifecycle.markReady();
    expect((await request(app).get('/health/ready').expect(503)).body).toEqual({ status: 'stopping' });
    await request(app).get('/health').expect(200);
    await db.destroy();
    expect((await request(app).get('/health/ready').expect(503)).body).toEqual({ status: 'stopping' });
  });

  it('counts an app built without a lifecycle as ready, unless its database is gone', async () => {
    const db = await freshDatabase();
    const app = createApp({ db, logger: silent, production: false });
    expect((await request(app).get('/health/ready').expect(200)).body).toEqual({ status: 'ready' });
    await db.destroy();
    expect((await request(app).get('/health/ready').expect(503)).body).toEqual({
      status: 'error',
      checks: { database: 'unavailable' },
    });
  });
});
