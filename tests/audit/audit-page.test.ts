import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { apiClient, bearerFor, idsByCode, partnerInput, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

describe('the audit page', () => {
  it('names people, records, fields and coded values instead of showing their keys', async () => {
    const ids = await idsByCode(db);
    const officer = apiClient(app, await bearerFor(db, 'officer'));
    const created = (
      await officer
        .post('/api/v1/partners')
        .send(await partnerInput(db, { name: 'Fundación Ríos Claros', organizationType: 'cbo', staffCount: 12 }))
        .expect(201)
    ).body;
    await officer
      .patch(`/api/v1/partners/${created.id}`)
      .send({ version: created.version, staffCount: 60, territoryIds: [ids.territory.tulcan, ids.territory.quito] })
      .expect(200);
    await officer
      .post(`/api/v1/partners/${created.id}/flags`)
      .send({ level: 'red', category: 'financial', comment: 'Pendiente de revisión' })
      .expect(201);

    const admin = await signedInAgent(app, db, 'admin');
    for (const language of ['es', 'en'] as const) {
      const html = (await admin.agent.get('/admin/audit').set('Cookie', `lang=${language}`).expect(200)).text;
      const text = visibleText(html);
      // The officer by name (the test helper names users "<role> <n>"), never only by email.
      expect(text).toMatch(/officer \d+/);
      expect(text).toContain('Fundación Ríos Claros');
      for (const raw of ['staffCount:', 'territoryIds:', 'organizationType:', 'partnerId:', '"cbo"', 'financial'])
        expect(text, `${language}: ${raw}`).not.toContain(raw);
      if (language === 'es') {
        expect(text).toContain('Personal remunerado: 12 → 60');
        expect(text).toMatch(/Territorios donde opera: Tulcán → (Quito, Tulcán|Tulcán, Quito)/);
        expect(text).toContain('Tipo de organización: — → Organización de base comunitaria');
        expect(text).toContain('Nivel: — → Roja');
        expect(text).toContain('Socio: Fundación Ríos Claros');
        expect(text).toMatch(/Dirección IP: /);
      } else {
        expect(text).toContain('Paid staff: 12 → 60');
        expect(text).toContain('Organization type: — → Community-based organization');
      }
    }
  });
});
