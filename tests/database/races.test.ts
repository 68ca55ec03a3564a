// Races that SQLite's single writer hides and PostgreSQL's concurrent transactions expose: the same
// requests arrive together, and the outcome must be what one-at-a-time would give, with no 5xx.
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import type { Db } from '../../src/database/connect.js';
import { saveTerritory } from '../../src/reference-data/service.js';
import { DEFAULT_PARAMETERS } from '../../src/scoring/methodology.js';
import { activateDraft, draftStamp, findMethodology, saveDraft } from '../../src/scoring/service.js';
import { apiClient, bearerFor, partnerInput, testApp } from '../helpers/app.js';

let app: Express;
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

describe('requests that arrive together', () => {
  it('ten creations of one RUC keep one partner; the others are told it exists, never a server error', async () => {
    const api = apiClient(app, await bearerFor(db, 'officer'));
    const input = await partnerInput(db, { ruc: '1790085783001' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api
          .post('/api/v1/partners')
          .set('Accept-Language', 'en')
          .send({ ...input, name: `Fundación ${String(i)}` }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.body.title).toMatch(/A partner with that RUC already exists|Someone else saved the same thing/);
    const rows = await db.selectFrom('partners').select('id').where('ruc', '=', '1790085783001').execute();
    expect(rows).toHaveLength(1);
  });

  it('new territories saved together each go last, in a row, with no two in the same place', async () => {
    const before = await db.selectFrom('territories').select('sortOrder').execute();
    const last = Math.max(...before.map((t) => t.sortOrder));
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        saveTerritory(db, SYSTEM_ACTOR, null, {
          code: `nuevo_${String(i)}`,
          nameEs: `Nuevo ${String(i)}`,
          nameEn: `New ${String(i)}`,
          province: 'Carchi',
          provinceCode: '04',
          isBorderCrossing: false,
        }),
      ),
    );
    const saved = await db.selectFrom('territories').select('sortOrder').where('id', 'in', ids).execute();
    expect(saved.map((t) => t.sortOrder).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 8 }, (_, i) => last + 1 + i),
    );
  });

  it('methodology drafts saved together stay one draft, and one activation wins', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => saveDraft(db, SYSTEM_ACTOR, `Borrador ${String(i)}`, DEFAULT_PARAMETERS)),
    );
    const drafts = await db.selectFrom('methodologies').select('id').where('status', '=', 'draft').execute();
    expect(drafts).toHaveLength(1);

    const draft = (await findMethodology(db, 'draft'))!;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, () =>
        activateDraft(db, SYSTEM_ACTOR, 'Activación simultánea de prueba', draftStamp(draft)),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const active = await db.selectFrom('methodologies').select('version').where('status', '=', 'active').execute();
    expect(active).toEqual([{ version: draft.version }]);
    const audits = await db
      .selectFrom('auditEvents')
      .select('id')
      .where('entity', '=', 'methodology')
      .where('action', '=', 'activate')
      .execute();
    expect(audits).toHaveLength(1);
  });
});
