// Saves at one version from several connections at once (on PostgreSQL, three connection pools as
// three instances have; on SQLite one): one wins, every other is told its edit is stale, and an
// archive made while edits land is never lost.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { setPartnerStatus, updatePartner } from '../../src/partners/service.js';
import { createAgreement, updateAgreement } from '../../src/portfolio/service.js';
import { ConflictError } from '../../src/shared/errors.js';
import { addPartner, idsByCode } from '../helpers/app.js';
import { sharedDatabase } from '../helpers/test-database.js';

const SAVES = 12;

/** Which of the saves succeeded; anything but a success or a stale-version conflict fails the test. */
async function race(saves: (() => Promise<unknown>)[]): Promise<number[]> {
  const outcomes = await Promise.allSettled(saves.map((save) => save()));
  for (const outcome of outcomes)
    if (outcome.status === 'rejected' && !(outcome.reason instanceof ConflictError)) throw outcome.reason;
  return outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [i] : []));
}

describe('concurrent saves at one version', () => {
  it('of a partner: one wins, the others conflict, and only the winner is audited', async () => {
    const instances = await sharedDatabase(3);
    const [db] = instances;
    const partner = await addPartner(db!);
    const won = await race(
      Array.from(
        { length: SAVES },
        (_v, i) => () =>
          updatePartner(instances[i % 3]!, SYSTEM_ACTOR, partner.id, { version: 1, staffCount: 100 + i }),
      ),
    );
    expect(won).toHaveLength(1);
    const stored = await db!.selectFrom('partners').select(['version', 'staffCount']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ version: 2, staffCount: 100 + won[0]! });
    const audited = await db!
      .selectFrom('auditEvents')
      .select('id')
      .where('entity', '=', 'partner')
      .where('action', '=', 'update')
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('of an agreement: one wins, the others conflict', async () => {
    const instances = await sharedDatabase(3);
    const [db] = instances;
    const ids = await idsByCode(db!);
    const partner = await addPartner(db!);
    const { agreement } = await createAgreement(db!, SYSTEM_ACTOR, {
      partnerId: partner.id,
      code: 'AC-2026-001',
      title: 'Convenio de albergue',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      amountUsd: 5000,
      territoryIds: [ids.territory.tulcan!],
      assistanceTypeIds: [ids.assistanceType.shelter!],
      status: 'active',
    });
    const won = await race(
      Array.from(
        { length: SAVES },
        (_v, i) => () =>
          updateAgreement(instances[i % 3]!, SYSTEM_ACTOR, agreement.id, { version: 1, amountUsd: 6000 + i }),
      ),
    );
    expect(won).toHaveLength(1);
    const stored = await db!.selectFrom('agreements').select(['version', 'amountUsd']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ version: 2, amountUsd: 6000 + won[0]! });
  });

  it('keeps an archive made while edits of the partner land', async () => {
    const instances = await sharedDatabase(3);
    const [db] = instances;
    const partner = await addPartner(db!);
    await race([
      ...Array.from(
        { length: 6 },
        (_v, i) => () =>
          updatePartner(instances[i % 3]!, SYSTEM_ACTOR, partner.id, { version: 1, staffCount: 200 + i }),
      ),
      () => setPartnerStatus(instances[2]!, SYSTEM_ACTOR, partner.id, 'archived'),
    ]);
    const stored = await db!.selectFrom('partners').select(['status']).executeTakeFirstOrThrow();
    expect(stored.status).toBe('archived');
  });
});
