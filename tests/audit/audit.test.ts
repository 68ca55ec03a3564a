import { sql } from 'kysely';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, engineOf } from '../../src/database/connect.js';
import {
  addPartner,
  apiClient,
  bearerFor,
  csrfFrom,
  partnerInput,
  signedInAgent,
  testApp,
  TEST_PASSWORD,
  userWithRole,
} from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

const events = (entity?: string) => {
  let query = db.selectFrom('auditEvents').selectAll().orderBy('id');
  if (entity) query = query.where('entity', '=', entity);
  return query.execute();
};

describe('audit trail', () => {
  it('records who created, changed and archived a partner, with before and after values', async () => {
    const officer = await signedInAgent(app, db, 'officer');
    const api = apiClient(app, await bearerFor(db, 'officer'));
    const created = (
      await api
        .post('/api/v1/partners')
        .send(await partnerInput(db, { name: 'Fundación Raíces', staffCount: 12 }))
        .expect(201)
    ).body;
    await api.patch(`/api/v1/partners/${created.id}`).send({ version: 1, staffCount: 60 }).expect(200);
    await officer.agent.post(`/partners/${created.id}/archive`).type('form').send({ _csrf: officer.csrf }).expect(303);

    const trail = await events('partner');
    expect(trail.map((e) => e.action)).toEqual(['create', 'update', 'archive']);
    expect(trail[0]!.entityId).toBe(created.id);
    expect(JSON.parse(trail[0]!.changes!).name).toEqual({ before: null, after: 'Fundación Raíces' });
    expect(JSON.parse(trail[1]!.changes!)).toEqual({ staffCount: { before: 12, after: 60 } });
    expect(trail[1]!.actorTokenId).not.toBeNull();
    expect(trail[2]!.actorLabel).toBe(officer.user.email);
    expect(trail[2]!.actorTokenId).toBeNull();
    expect(JSON.parse(trail[2]!.changes!)).toEqual({ status: { before: 'active', after: 'archived' } });
  });

  it('shows a partner’s history on its page', async () => {
    const officer = await signedInAgent(app, db, 'officer');
    const partner = await addPartner(db, { name: 'Fundación Historia', staffCount: 12 });
    const api = apiClient(app, await bearerFor(db, 'officer'));
    await api.patch(`/api/v1/partners/${partner.id}`).send({ version: 1, staffCount: 30 }).expect(200);
    const page = (await officer.agent.get(`/partners/${partner.id}`)).text
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    expect(page).toContain('Historial de cambios');
    expect(page).toMatch(/Modificación · officer\d+@example\.org \(por token de API\)/);
    expect(page).toContain('Personal remunerado: 12 → 30');
  });

  it('writes nothing when a change fails, and the change is undone when its audit row fails', async () => {
    const api = apiClient(app, await bearerFor(db, 'officer'));
    const before = (await events()).length;
    await api
      .post('/api/v1/partners')
      .send(await partnerInput(db, { territoryIds: [999] }))
      .expect(400);
    expect(await events()).toHaveLength(before);

    // Make the audit insert itself fail: the partner must not be saved either (same transaction).
    if (engineOf(db) === 'postgres') {
      await sql`CREATE FUNCTION fail_partner_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$`.execute(
        db,
      );
      await sql`CREATE TRIGGER fail_partner_audit BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.entity = 'partner') EXECUTE FUNCTION fail_partner_audit()`.execute(
        db,
      );
    } else {
      await sql`CREATE TRIGGER fail_partner_audit BEFORE INSERT ON audit_events WHEN NEW.entity = 'partner' BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END`.execute(
        db,
      );
    }
    await api
      .post('/api/v1/partners')
      .send(await partnerInput(db, { name: 'Nunca Guardado' }))
      .expect(500);
    const saved = await db.selectFrom('partners').select('name').where('name', '=', 'Nunca Guardado').execute();
    expect(saved).toEqual([]);
  });

  it('records sign-in, failed sign-in, sign-out, role change and tokens, never with a secret', async () => {
    const { email, password, user } = await userWithRole(db, 'viewer');
    const agent = request.agent(app);
    let form = await agent.get('/sign-in');
    await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password: 'clave equivocada larga' })
      .expect(401);
    form = await agent.get('/sign-in');
    await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, password })
      .expect(303);
    const csrf = csrfFrom((await agent.get('/account')).text);
    const created = await agent.post('/account/tokens').type('form').send({ _csrf: csrf, name: 'Secreto' }).expect(201);
    const token = /id="new-token">([^<]+)</.exec(created.text)![1]!;
    await agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: csrf,
        currentPassword: password,
        newPassword: 'la nueva frase secreta',
        confirmPassword: 'la nueva frase secreta',
      })
      .expect(303);
    await agent.post('/sign-out').type('form').send({ _csrf: csrf }).expect(303);
    const admin = await signedInAgent(app, db, 'admin');
    await admin.agent
      .post(`/admin/users/${user.id}/role`)
      .type('form')
      .send({ _csrf: admin.csrf, role: 'officer' })
      .expect(303);

    const trail = await events();
    const actions = trail.map((e) => e.action);
    for (const action of ['sign_in_failed', 'sign_in', 'token_create', 'password_change', 'sign_out', 'role_change'])
      expect(actions).toContain(action);
    expect(trail.find((e) => e.action === 'role_change')).toMatchObject({
      entityId: user.id,
      actorLabel: admin.user.email,
      changes: JSON.stringify({ role: { before: 'viewer', after: 'officer' } }),
    });
    const everything = JSON.stringify(trail);
    for (const secret of [password, 'clave equivocada larga', 'la nueva frase secreta', token, TEST_PASSWORD])
      expect(everything).not.toContain(secret);
    const hashes = await db.selectFrom('users').select('passwordHash').execute();
    for (const { passwordHash } of hashes) expect(everything).not.toContain(passwordHash);
  });

  it('cannot be edited or deleted, even by a direct query', async () => {
    await addPartner(db);
    await expect(db.updateTable('auditEvents').set({ action: 'update' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('auditEvents').execute()).rejects.toThrow(/append-only/);
    expect(await events()).toHaveLength(1);
  });

  it('lets admins filter, page and export the trail as CSV', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const officer = await userWithRole(db, 'officer');
    const api = apiClient(app, await bearerFor(db, 'officer'));
    for (let i = 0; i < 3; i++)
      await api
        .post('/api/v1/partners')
        .send(await partnerInput(db, { name: `Socio ${i} «ñandú», "citado"` }))
        .expect(201);

    const page = await admin.agent.get('/admin/audit?entity=partner&action=create').expect(200);
    expect(page.text).toContain('3 eventos');
    const empty = await admin.agent.get(`/admin/audit?userId=${officer.user.id}`).expect(200);
    expect(empty.text).toContain('0 eventos');
    const today = new Date(Date.now() - 5 * 60 * 60 * 1000).toISOString().slice(0, 10);
    expect((await admin.agent.get(`/admin/audit?entity=partner&from=${today}&to=${today}`)).text).toContain(
      '3 eventos',
    );
    expect((await admin.agent.get('/admin/audit?entity=partner&to=2000-01-01')).text).toContain('0 eventos');

    const csv = await admin.agent.get('/admin/audit?entity=partner&format=csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    // A Spanish file for a Spanish-locale spreadsheet: semicolons, and the action and record by their labels.
    expect(csv.text.startsWith('\uFEFFFecha y hora;Quién;Token;Acción;Registro;Id;Cambios;Detalles')).toBe(true);
    expect(csv.text).toContain(';Creación;Socio;');
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(4);
    // Quotes inside a JSON cell are doubled, as CSV requires.
    expect(csv.text).toContain('\\""citado\\""');
  });

  it('is for admins only', async () => {
    const officer = await signedInAgent(app, db, 'officer');
    await officer.agent.get('/admin/audit').expect(403);
    await officer.agent.get('/admin/audit?format=csv').expect(403);
  });
});
