import type request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addPartner, apiClient, bearerFor, idsByCode, partnerInput, testApp } from '../helpers/app.js';

let db: Db;
let api: ReturnType<typeof apiClient>;

beforeEach(async () => {
  const built = await testApp();
  db = built.db;
  api = apiClient(built.app, await bearerFor(db, 'officer'));
});

const json = (r: request.Response) => r.body as Record<string, any>;

describe('GET /api/v1/partners', () => {
  it('lists partners with paging metadata and derived size', async () => {
    await addPartner(db, { name: 'Asociación Niñez Feliz', staffCount: 4 });
    await addPartner(db, { name: 'Ayuda Global', staffCount: 400, organizationType: 'international_ngo' });
    const res = await api.get('/api/v1/partners').expect(200);
    expect(json(res).total).toBe(2);
    expect(json(res).page).toBe(1);
    expect(json(res).pageSize).toBe(50);
    expect(json(res).data.map((p: any) => [p.name, p.sizeClass, p.isSmall])).toEqual([
      ['Asociación Niñez Feliz', 'micro', true],
      ['Ayuda Global', 'large', false],
    ]);
  });

  it('searches ignoring accents and case, by name, acronym or RUC', async () => {
    await addPartner(db, { name: 'Asociación Niñez Feliz', acronym: 'ANF' });
    await addPartner(db, { name: 'Fundación Tierra', ruc: '1790085783001' });
    const names = async (q: string) =>
      json(await api.get('/api/v1/partners').query({ q })).data.map((p: any) => p.name);
    expect(await names('asociacion')).toEqual(['Asociación Niñez Feliz']);
    expect(await names('NINEZ')).toEqual(['Asociación Niñez Feliz']);
    expect(await names('niñez feliz')).toEqual(['Asociación Niñez Feliz']);
    expect(await names('anf')).toEqual(['Asociación Niñez Feliz']);
    expect(await names('17900857')).toEqual(['Fundación Tierra']);
    expect(await names('inexistente')).toEqual([]);
  });

  it('filters by territory, assistance type, size class, organization type and status', async () => {
    const ids = await idsByCode(db);
    await addPartner(db, { name: 'Quito Micro', staffCount: 3, territoryIds: [ids.territory.quito!] });
    await addPartner(db, {
      name: 'Tulcán Grande',
      staffCount: 300,
      organizationType: 'international_ngo',
      assistanceTypeIds: [ids.assistanceType.health!],
    });
    await addPartner(db, { name: 'Tulcán Inactivo', status: 'inactive' });
    const names = async (query: Record<string, string | number>) =>
      json(await api.get('/api/v1/partners').query(query).expect(200)).data.map((p: any) => p.name);
    expect(await names({ territoryId: ids.territory.quito! })).toEqual(['Quito Micro']);
    expect(await names({ assistanceTypeId: ids.assistanceType.health! })).toEqual(['Tulcán Grande']);
    expect(await names({ sizeClass: 'large' })).toEqual(['Tulcán Grande']);
    expect(await names({ organizationType: 'international_ngo' })).toEqual(['Tulcán Grande']);
    expect(await names({ status: 'inactive' })).toEqual(['Tulcán Inactivo']);
    expect(await names({ territoryId: ids.territory.tulcan!, sizeClass: 'small' })).toEqual(['Tulcán Inactivo']);
  });

  it('sorts and pages', async () => {
    for (const [name, staff] of [
      ['Beta', 30],
      ['Alfa', 5],
      ['Gamma', 250],
    ] as const)
      await addPartner(db, { name, staffCount: staff });
    const page = async (query: Record<string, string | number>) => json(await api.get('/api/v1/partners').query(query));
    expect((await page({ sort: '-staffCount' })).data.map((p: any) => p.name)).toEqual(['Gamma', 'Beta', 'Alfa']);
    expect((await page({ sort: '-name' })).data.map((p: any) => p.name)).toEqual(['Gamma', 'Beta', 'Alfa']);
    const second = await page({ sort: 'name', pageSize: 2, page: 2 });
    expect(second.data.map((p: any) => p.name)).toEqual(['Gamma']);
    expect(second.total).toBe(3);
  });

  it('rejects a page size over 200 and an unknown sort with problem details', async () => {
    const res = await api.get('/api/v1/partners?pageSize=500&sort=color').expect(400);
    expect(res.type).toBe('application/problem+json');
    expect(
      json(res)
        .errors.map((e: any) => e.path)
        .sort(),
    ).toEqual(['pageSize', 'sort']);
  });
});

describe('POST /api/v1/partners', () => {
  it('creates a partner: 201 with Location, suggested localization and derived size', async () => {
    const input = await partnerInput(db, { name: '  Colectivo Raíces  ', staffCount: 8, organizationType: 'cbo' });
    const res = await api.post('/api/v1/partners').send(input).expect(201);
    const body = json(res);
    expect(res.headers.location).toBe(`/api/v1/partners/${body.id}`);
    expect(body).toMatchObject({
      name: 'Colectivo Raíces',
      localizationCategory: 'local_national_non_state',
      sizeClass: 'micro',
      isSmall: true,
      version: 1,
      status: 'active',
    });
    expect(body.warnings).toBeUndefined();
    expect(json(await api.get(body.id ? `/api/v1/partners/${body.id}` : '')).name).toBe('Colectivo Raíces');
  });

  it('answers 400 with each invalid field, in the requested language, and stores nothing', async () => {
    const res = await api
      .post('/api/v1/partners')
      .set('Accept-Language', 'en')
      .send({
        name: 'A',
        organizationType: 'club',
        staffCount: -1,
        territoryIds: [],
        assistanceTypeIds: [1],
        contactEmail: 'not-an-email',
        contactPhone: '12',
        adminSteps: 51,
        ruc: '1713175072001',
      })
      .expect(400);
    expect(res.type).toBe('application/problem+json');
    const byPath = Object.fromEntries(json(res).errors.map((e: any) => [e.path, e.message]));
    expect(byPath).toEqual({
      name: 'The name must be 2 to 200 characters long',
      organizationType: 'Choose the organization type',
      staffCount: 'Must be at least 0',
      territoryIds: 'Choose at least one territory where it operates',
      contactEmail: 'Enter a valid email address, like name@organization.org',
      contactPhone: 'Enter a valid phone number with 7 to 15 digits, like +593 99 123 4567',
      adminSteps: 'Must be at most 50',
      ruc: 'The check digit of this natural person’s RUC is wrong',
    });
    expect(json(await api.get('/api/v1/partners')).total).toBe(0);
  });

  it('answers in Spanish by default', async () => {
    const res = await api
      .post('/api/v1/partners')
      .send({ ...(await partnerInput(db)), staffCount: 2.5 })
      .expect(400);
    expect(json(res).errors).toEqual([{ path: 'staffCount', message: 'Escriba un número entero, sin decimales' }]);
  });

  it('rejects unknown fields', async () => {
    const res = await api
      .post('/api/v1/partners')
      .send({ ...(await partnerInput(db)), color: 'azul' })
      .expect(400);
    expect(json(res).errors[0].message).toContain('color');
  });

  it('rejects unknown territory and assistance type ids', async () => {
    const res = await api
      .post('/api/v1/partners')
      .send({ ...(await partnerInput(db)), territoryIds: [999], assistanceTypeIds: [998] })
      .expect(400);
    expect(json(res).errors.map((e: any) => e.path)).toEqual(['territoryIds', 'assistanceTypeIds']);
  });

  it('answers 400 for malformed JSON, 413 over 100 kB and 415 for a form body', async () => {
    const malformed = await api
      .post('/api/v1/partners')
      .set('Content-Type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(malformed.type).toBe('application/problem+json');
    const big = await api
      .post('/api/v1/partners')
      .send({ ...(await partnerInput(db)), notes: 'x'.repeat(110_000) })
      .expect(413);
    expect(big.type).toBe('application/problem+json');
    await api.post('/api/v1/partners').type('form').send('name=Hola').expect(415);
  });

  it('answers 409 for a duplicate RUC, naming the partner that holds it', async () => {
    const holder = await addPartner(db, { name: 'Fundación Original', ruc: '1790085783001' });
    const res = await api
      .post('/api/v1/partners')
      .set('Accept-Language', 'en')
      .send(await partnerInput(db, { name: 'Otra', ruc: '1790085783001' }))
      .expect(409);
    expect(json(res).errors[0]).toEqual({
      path: 'ruc',
      message: 'This RUC is already registered to “Fundación Original”',
    });
    expect(json(res).existingPartnerId).toBe(holder.id);
  });

  it('saves with warnings a doubtful private RUC check digit and a duplicate name', async () => {
    const first = await addPartner(db, { name: 'Fundación Manos-Unidas' });
    const res = await api
      .post('/api/v1/partners')
      .set('Accept-Language', 'en')
      .send(await partnerInput(db, { name: 'fundacion manos unidas', ruc: '0993381661001' }))
      .expect(201);
    const warnings = json(res).warnings as { path: string; message: string }[];
    expect(warnings.map((w) => w.path)).toEqual(['ruc', 'name']);
    expect(warnings[1]!.message).toContain('Fundación Manos-Unidas');
    expect(json(await api.get(`/api/v1/partners/${first.id}`)).warnings).toHaveLength(1);
  });

  it('stores script as text', async () => {
    const res = await api
      .post('/api/v1/partners')
      .send(await partnerInput(db, { name: '<script>alert(1)</script>' }))
      .expect(201);
    expect(json(res).name).toBe('<script>alert(1)</script>');
  });
});

describe('GET, PATCH and DELETE /api/v1/partners/:id', () => {
  it('answers 404 problem details for an unknown or malformed id', async () => {
    for (const path of ['/api/v1/partners/999', '/api/v1/partners/abc']) {
      const res = await api.get(path).expect(404);
      expect(res.type).toBe('application/problem+json');
    }
    await api.patch('/api/v1/partners/999').send({ version: 1, name: 'Nuevo' }).expect(404);
  });

  it('updates with the current version and bumps it', async () => {
    const partner = await addPartner(db);
    const res = await api.patch(`/api/v1/partners/${partner.id}`).send({ version: 1, staffCount: 60 }).expect(200);
    expect(json(res)).toMatchObject({
      version: 2,
      staffCount: 60,
      sizeClass: 'medium',
      isSmall: false,
      name: partner.name,
    });
  });

  it('answers 409 with the current record for a stale version and changes nothing', async () => {
    const partner = await addPartner(db);
    await api.patch(`/api/v1/partners/${partner.id}`).send({ version: 1, staffCount: 20 }).expect(200);
    const res = await api.patch(`/api/v1/partners/${partner.id}`).send({ version: 1, staffCount: 99 }).expect(409);
    expect(json(res).current).toMatchObject({ version: 2, staffCount: 20 });
    expect(json(await api.get(`/api/v1/partners/${partner.id}`)).staffCount).toBe(20);
  });

  it('requires the version', async () => {
    const partner = await addPartner(db);
    const res = await api.patch(`/api/v1/partners/${partner.id}`).send({ staffCount: 3 }).expect(400);
    expect(json(res).errors[0].path).toBe('version');
  });

  it('DELETE archives: 204, left out of the default list, still readable, restorable', async () => {
    const partner = await addPartner(db);
    await api.delete(`/api/v1/partners/${partner.id}`).expect(204);
    expect(json(await api.get('/api/v1/partners')).total).toBe(0);
    expect(json(await api.get('/api/v1/partners?status=archived')).total).toBe(1);
    const archived = json(await api.get(`/api/v1/partners/${partner.id}`).expect(200));
    expect(archived.status).toBe('archived');
    await api.patch(`/api/v1/partners/${partner.id}`).send({ version: archived.version, status: 'active' }).expect(200);
    expect(json(await api.get('/api/v1/partners')).total).toBe(1);
  });
});

describe('reference data', () => {
  it('lists the ten territories with province and border crossings', async () => {
    const res = await api.get('/api/v1/territories').expect(200);
    const territories = json(res).data as any[];
    expect(territories).toHaveLength(10);
    expect(territories.find((t) => t.code === 'tulcan')).toMatchObject({
      nameEs: 'Tulcán',
      nameEn: 'Tulcán',
      province: 'Carchi',
      isBorderCrossing: true,
    });
    expect(
      territories
        .filter((t) => t.isBorderCrossing)
        .map((t) => t.code)
        .sort(),
    ).toEqual(['huaquillas', 'lago_agrio', 'tulcan']);
  });

  it('lists the R4V sectors and protection sub-sectors in both languages', async () => {
    const types = json(await api.get('/api/v1/assistance-types').expect(200)).data as any[];
    expect(types).toHaveLength(13);
    const protection = types.find((t) => t.code === 'protection');
    expect(types.filter((t) => t.parentId === protection.id).map((t) => t.nameEn)).toEqual([
      'Child Protection',
      'Gender-Based Violence',
      'Human Trafficking & Smuggling',
    ]);
    expect(types.find((t) => t.code === 'wash')).toMatchObject({
      nameEs: 'Agua, saneamiento e higiene',
      nameEn: 'WASH',
    });
  });
});
