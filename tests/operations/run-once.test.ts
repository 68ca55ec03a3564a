// Scheduled work runs once across instances: a job claims its period in the database, so three
// instances whose timers fire in the same hour (or day) run it once, and the next period runs again.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { RESCORE_JOB, rescoreOncePerDay } from '../../src/operations/daily-rescore.js';
import { RETENTION_JOB, scheduledPurge } from '../../src/operations/retention.js';
import { periodStartOf, runOncePerPeriod } from '../../src/operations/run-once.js';
import { addPartner, freshDatabase } from '../helpers/app.js';
import { sharedDatabase } from '../helpers/test-database.js';
import { removeScratchFolders, scratchFolder } from './files.js';

afterAll(removeScratchFolders);

const HOUR = 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);

describe('periods', () => {
  it.each([
    ['2026-12-03T10:59:59.999Z', HOUR, 0, '2026-12-03T10:00:00.000Z'],
    ['2026-12-03T11:00:00.000Z', HOUR, 0, '2026-12-03T11:00:00.000Z'],
    // A day in Ecuador (UTC−5) starts at 05:00 UTC.
    ['2026-12-03T04:59:00.000Z', 24 * HOUR, 5 * HOUR, '2026-12-02T05:00:00.000Z'],
    ['2026-12-03T05:00:00.000Z', 24 * HOUR, 5 * HOUR, '2026-12-03T05:00:00.000Z'],
  ])('%s falls in the period of %i ms (offset %i) that starts at %s', (now, everyMs, offsetMs, start) => {
    expect(periodStartOf(at(now), everyMs, offsetMs).toISOString()).toBe(start);
  });
});

describe('running once per period', () => {
  it('runs once in an hour, again the next hour, again when forced, and not at all when it fails', async () => {
    const db = await freshDatabase();
    const ran: string[] = [];
    const job = (label: string) => () => {
      ran.push(label);
      return Promise.resolve(label);
    };
    const hourly = { everyMs: HOUR };
    expect(await runOncePerPeriod(db, 'job', hourly, job('10:05'), { now: at('2026-12-03T10:05:00Z') })).toEqual({
      ran: true,
      value: '10:05',
    });
    expect(await runOncePerPeriod(db, 'job', hourly, job('10:55'), { now: at('2026-12-03T10:55:00Z') })).toEqual({
      ran: false,
      reason: 'done',
    });
    await runOncePerPeriod(db, 'job', hourly, job('11:01'), { now: at('2026-12-03T11:01:00Z') });
    await runOncePerPeriod(db, 'job', hourly, job('11:02 forced'), { now: at('2026-12-03T11:02:00Z'), force: true });
    // A run that fails leaves its hour unclaimed: the next timer runs it.
    await expect(
      runOncePerPeriod(db, 'job', hourly, () => Promise.reject(new Error('disk full')), {
        now: at('2026-12-03T12:00:00Z'),
      }),
    ).rejects.toThrow('disk full');
    await runOncePerPeriod(db, 'job', hourly, job('12:10'), { now: at('2026-12-03T12:10:00Z') });
    expect(ran).toEqual(['10:05', '11:01', '11:02 forced', '12:10']);
    expect(await db.selectFrom('scheduledRuns').selectAll().execute()).toEqual([
      { job: 'job', periodStart: '2026-12-03T12:00:00.000Z', lastRunAt: '2026-12-03T12:10:00.000Z', runs: 4 },
    ]);
  });

  it('runs a job once when three instances start it at the same moment', async () => {
    const instances = await sharedDatabase(3);
    const ran: number[] = [];
    const outcomes = await Promise.all(
      instances.map((db, i) =>
        runOncePerPeriod(db, 'slow', { everyMs: HOUR }, async () => {
          ran.push(i);
          await sleep(300);
        }),
      ),
    );
    expect(ran).toHaveLength(1);
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    const [db] = instances;
    expect(await db!.selectFrom('scheduledRuns').select(['job', 'runs']).execute()).toEqual([{ job: 'slow', runs: 1 }]);
  });

  it('purges once an hour across instances, while each clears its own upload folder', async () => {
    const instances = await sharedDatabase(3);
    const [db] = instances;
    await db!
      .insertInto('apiRateCounts')
      .values({ caller: 'token:1', windowStart: '2026-12-03T09:00:00.000Z', count: 3 })
      .execute();
    const now = at('2026-12-03T10:30:00Z');
    const reports = await Promise.all(instances.map((i) => scheduledPurge(i, { now, uploadDir: scratchFolder() })));
    expect(reports.filter((r) => r.rows !== null).map((r) => r.rows?.rateCounts)).toEqual([1]);
    expect(
      await db!.selectFrom('scheduledRuns').select(['job', 'runs']).where('job', '=', RETENTION_JOB).execute(),
    ).toEqual([{ job: RETENTION_JOB, runs: 1 }]);
  });

  it('rescores everyone once a day, whichever instance gets there first', async () => {
    const instances = await sharedDatabase(3);
    const [db] = instances;
    await addPartner(db!);
    const morning = at('2026-12-03T13:00:00Z');
    const outcomes = await Promise.all(instances.map((i) => rescoreOncePerDay(i, { now: morning })));
    expect(outcomes.filter((o) => o.ran)).toEqual([{ ran: true, value: { partners: 1 } }]);
    // Later the same day in Ecuador (before 05:00 UTC): nothing; the next day: once more.
    expect(await rescoreOncePerDay(db!, { now: at('2026-12-04T04:30:00Z') })).toMatchObject({ ran: false });
    expect(await rescoreOncePerDay(db!, { now: at('2026-12-04T05:30:00Z') })).toMatchObject({ ran: true });
    const scores = await db!.selectFrom('partnerScores').select('scoredAt').execute();
    expect(scores).toEqual([{ scoredAt: '2026-12-04T05:30:00.000Z' }]);
    expect(
      await db!.selectFrom('scheduledRuns').select(['runs']).where('job', '=', RESCORE_JOB).executeTakeFirst(),
    ).toEqual({ runs: 2 });
  });
});
