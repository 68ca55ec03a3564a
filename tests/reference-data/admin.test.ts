import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { apiClient, bearerFor, idsByCode, signedInAgent, testApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

describe('reference data administration', () => {
  it('lets an admin rename a territory and add one, audited, and the API shows it', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const ids = await idsByCode(db);
    await admin.agent
      .post(`/admin/territories/${ids.territory.lago_agrio}/edit`)
      .type('form')
      .send({
        _csrf: admin.csrf,
        code: 'lago_agrio',
        nameEs: 'Nueva Loja (Lago Agrio)',
        nameEn: 'Nueva Loja (Lago Agrio)',
        province: 'Sucumbíos',
        provinceCode: '21',
        isBorderCrossing: 'yes',
      })
      .expect(303);
    await admin.agent
      .post('/admin/territories')
      .type('form')
      .send({
        _csrf: admin.csrf,
        code: 'esmeraldas',
        nameEs: 'Esmeraldas',
        nameEn: 'Esmeraldas',
        province: 'Esmeraldas',
        provinceCode: '08',
      })
      .expect(303);
    const territories = (
      await apiClient(app, await bearerFor(db, 'viewer'))
        .get('/api/v1/territories')
        .expect(200)
    ).body.data;
    expect(territories.find((t: any) => t.code === 'lago_agrio')).toMatchObject({
      nameEs: 'Nueva Loja (Lago Agrio)',
      isBorderCrossing: true,
    });
    expect(territories.at(-1)).toMatchObject({ code: 'esmeraldas', isBorderCrossing: false });
    const audit = await db
      .selectFrom('auditEvents')
      .select(['action', 'entity', 'changes'])
      .where('entity', '=', 'territory')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['update', 'create']);
    expect(JSON.parse(audit[0]!.changes!)).toEqual({
      nameEs: { before: 'Lago Agrio (Nueva Loja)', after: 'Nueva Loja (Lago Agrio)' },
      nameEn: { before: 'Lago Agrio (Nueva Loja)', after: 'Nueva Loja (Lago Agrio)' },
    });
  });

  it('refuses a duplicate code, a bad province code and a sub-sector as parent, with messages', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const ids = await idsByCode(db);
    const dup = await admin.agent
      .post('/admin/territories')
      .type('form')
      .send({
        _csrf: admin.csrf,
        code: 'quito',
        nameEs: 'Otra',
        nameEn: 'Other',
        province: 'Pichincha',
        provinceCode: '99',
      })
      .expect(400);
    expect(dup.text).toContain('Escriba un código de provincia de 01 a 24, o 30');
    const taken = await admin.agent
      .post('/admin/territories')
      .type('form')
      .send({
        _csrf: admin.csrf,
        code: 'quito',
        nameEs: 'Otra',
        nameEn: 'Other',
        province: 'Pichincha',
        provinceCode: '17',
      })
      .expect(400);
    expect(taken.text).toContain('Ya existe un registro con ese código');
    const parent = await admin.agent
      .post('/admin/assistance-types')
      .type('form')
      .send({
        _csrf: admin.csrf,
        code: 'psychosocial',
        nameEs: 'Apoyo psicosocial',
        nameEn: 'Psychosocial support',
        parentId: String(ids.assistanceType.gbv),
      })
      .expect(400);
    expect(parent.text).toContain('Elija un sector');
    await admin.agent
      .post('/admin/assistance-types')
      .type('form')
      .send({
        _csrf: admin.csrf,
        code: 'psychosocial',
        nameEs: 'Apoyo psicosocial',
        nameEn: 'Psychosocial support',
        parentId: String(ids.assistanceType.protection),
      })
      .expect(303);
  });

  it('is for admins only', async () => {
    const officer = await signedInAgent(app, db, 'officer');
    await officer.agent.get('/admin/reference-data').expect(403);
  });
});
