// Retention: what has outlived its use goes; what is still in use stays.
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/auth/secrets.js';
import { purgeExpiredData } from '../../src/operations/retention.js';
import { freshDatabase, userWithRole } from '../helpers/app.js';
import { removeScratchFolders, scratchFolder } from './files.js';

afterAll(removeScratchFolders);

const HOUR = 60 * 60 * 1000;
const NOW = new Date('2026-12-03T12:00:00.000Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();

describe('purging expired data', () => {
  it('removes expired sessions, spent counters, stale previews and unused uploads, and keeps fresh ones', async () => {
    const db = await freshDatabase();
    const uploads = scratchFolder();
    const { user } = await userWithRole(db, 'officer');
    const session = (name: string, createdHoursAgo: number, seenHoursAgo: number) => ({
      id: sha256(name),
      userId: user.id,
      csrfToken: name,
      createdAt: ago(createdHoursAgo),
      lastSeenAt: ago(seenHoursAgo),
    });
    await db
      .insertInto('sessions')
      .values([session('idle', 10, 9), session('too-old', 25, 0.1), session('active', 3, 0.1)])
      .execute();
    await db
      .insertInto('signInThrottle')
      .values([
        { key: 'address:203.0.113.9', failures: 3, windowStartedAt: ago(2), lockedUntil: null },
        {
          key: 'account:ana@example.org',
          failures: 5,
          windowStartedAt: ago(0.1),
          lockedUntil: new Date(NOW.getTime() + 0.2 * HOUR).toISOString(),
        },
      ])
      .execute();

    // A kept upload: a file in the folder, and the time it was last written.
    const upload = (name: string, hoursAgo: number) => {
      const path = join(uploads, name);
      writeFileSync(path, 'Nombre;RUC\n');
      const at = new Date(NOW.getTime() - hoursAgo * HOUR);
      utimesSync(path, at, at);
      return path;
    };
    const preview = (fileName: string, status: string, hoursAgo: number, storedFile: string | null) => ({
      type: 'partners',
      fileName,
      format: 'csv',
      sheet: null,
      encoding: 'utf-8',
      delimiter: ';',
      status,
      headers: '[]',
      mapping: '[]',
      issues: '{"rejections":[],"warnings":[],"moreRejections":0,"moreWarnings":0}',
      storedFile,
      userId: user.id,
      actorLabel: user.email,
      createdAt: ago(hoursAgo),
      committedAt: status === 'committed' ? ago(hoursAgo) : null,
    });
    const waiting = upload('waiting', 2);
    const overdue = upload('overdue', 30);
    const orphanOld = upload('orphan-old', 25);
    const orphanNew = upload('orphan-new', 1);
    await db
      .insertInto('imports')
      .values([
        // An import keeps its file's name in the upload folder.
        preview('waiting.csv', 'preview', 2, 'waiting'),
        preview('overdue.csv', 'preview', 30, 'overdue'),
        preview('abandoned.csv', 'expired', 8 * 24, null),
        preview('last-week.csv', 'expired', 6 * 24, null),
        preview('committed-long-ago.csv', 'committed', 60 * 24, null),
      ])
      .execute();

    // Files kept in the database: two previews' and one whose import is gone.
    await db
      .insertInto('importFiles')
      .values(
        ['waiting', 'overdue', 'import-gone'].map((name) => ({
          name,
          content: Buffer.from('Nombre;RUC\n'),
          size: 11,
          createdAt: ago(30),
        })),
      )
      .execute();
    // API request counts: the minute before is spent, the current one still counts.
    await db
      .insertInto('apiRateCounts')
      .values([
        { caller: 'token:1', windowStart: '2026-12-03T11:59:00.000Z', count: 40 },
        { caller: 'token:1', windowStart: '2026-12-03T12:00:00.000Z', count: 3 },
      ])
      .execute();

    const report = await purgeExpiredData(db, { now: NOW, uploadDir: uploads });

    expect(report).toEqual({
      sessions: 2,
      throttles: 1,
      rateCounts: 1,
      previewsExpired: 1,
      importsDeleted: 1,
      filesDeleted: 1,
      uploadsDeleted: 1,
    });
    expect((await db.selectFrom('importFiles').select('name').execute()).map((f) => f.name)).toEqual(['waiting']);
    expect(await db.selectFrom('apiRateCounts').select(['windowStart', 'count']).execute()).toEqual([
      { windowStart: '2026-12-03T12:00:00.000Z', count: 3 },
    ]);
    expect((await db.selectFrom('sessions').select('csrfToken').execute()).map((s) => s.csrfToken)).toEqual(['active']);
    expect((await db.selectFrom('signInThrottle').select('key').execute()).map((t) => t.key)).toEqual([
      'account:ana@example.org',
    ]);
    const imports = await db.selectFrom('imports').select(['fileName', 'status', 'storedFile']).orderBy('id').execute();
    expect(imports).toEqual([
      { fileName: 'waiting.csv', status: 'preview', storedFile: 'waiting' },
      { fileName: 'overdue.csv', status: 'expired', storedFile: null },
      { fileName: 'last-week.csv', status: 'expired', storedFile: null },
      { fileName: 'committed-long-ago.csv', status: 'committed', storedFile: null },
    ]);
    expect([waiting, overdue, orphanOld, orphanNew].map((path) => existsSync(path))).toEqual([
      true,
      false,
      false,
      true,
    ]);

    // Nothing more goes a second time.
    expect(await purgeExpiredData(db, { now: NOW, uploadDir: uploads })).toEqual({
      sessions: 0,
      throttles: 0,
      rateCounts: 0,
      previewsExpired: 0,
      importsDeleted: 0,
      filesDeleted: 0,
      uploadsDeleted: 0,
    });
    await db.destroy();
  });
});
