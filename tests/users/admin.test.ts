import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/api-tokens/service.js';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import type { Db } from '../../src/database/connect.js';
import { GENERATED_ADMIN_EMAIL, ensureFirstAdmin } from '../../src/users/bootstrap.js';
import { findCredentials } from '../../src/users/repository.js';
import { csrfFrom, freshDatabase, signedInAgent, testApp, userWithRole } from '../helpers/app.js';
import { visibleText as visible } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

async function signIn(email: string, password: string) {
  const agent = request.agent(app);
  const form = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password });
  return { agent, res };
}

describe('admin user management', () => {
  it('creates a user with a role; the temporary password must be changed at first sign-in', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const res = await admin.agent
      .post('/admin/users')
      .type('form')
      .send({
        _csrf: admin.csrf,
        name: 'Lucía Loor',
        email: 'Lucia@Example.org',
        role: 'procurement',
        password: 'temporal de bienvenida',
      })
      .expect(303);
    expect(visible((await admin.agent.get(res.headers.location!)).text)).toContain('Usuario creado');
    const { res: signIn1 } = await signIn('lucia@example.org', 'temporal de bienvenida');
    expect(signIn1.headers.location).toBe('/account/password');
  });

  it('refuses short and common passwords, with the reason', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const short = await admin.agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Ana', email: 'ana@example.org', role: 'viewer', password: 'corta' })
      .expect(400);
    expect(visible(short.text)).toContain('La contraseña debe tener al menos 12 caracteres');
    for (const common of ['password1234', 'qwertyuiop123', 'Password2024!', 'aaaaaaaaaaaa']) {
      const res = await admin.agent
        .post('/admin/users')
        .type('form')
        .send({ _csrf: admin.csrf, name: 'Ana', email: 'ana@example.org', role: 'viewer', password: common })
        .expect(400);
      expect(visible(res.text), common).toContain('Esa contraseña es demasiado común');
    }
    expect(await findCredentials(db, 'ana@example.org')).toBeUndefined();
  });

  it('refuses a second account with the same email', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const { email } = await userWithRole(db, 'viewer');
    const res = await admin.agent
      .post('/admin/users')
      .type('form')
      .send({
        _csrf: admin.csrf,
        name: 'Otra',
        email: email.toUpperCase(),
        role: 'viewer',
        password: 'una clave larga y nueva',
      })
      .expect(400);
    expect(visible(res.text)).toContain('Ya existe un usuario con ese correo');
  });

  it('changes a role, effective at the next request', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const officer = await signedInAgent(app, db, 'officer');
    await officer.agent.get('/partners/new').expect(200);
    await admin.agent
      .post(`/admin/users/${officer.user.id}/role`)
      .type('form')
      .send({ _csrf: admin.csrf, role: 'viewer' })
      .expect(303);
    await officer.agent.get('/partners/new').expect(403);
  });

  it('deactivation stops the user’s sessions and tokens at once; reactivation lets them sign in again', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const { user, email, password } = await userWithRole(db, 'officer');
    const { agent } = await signIn(email, password);
    const { token } = await createApiToken(db, SYSTEM_ACTOR, user.id, { name: 'hoja', expiresInDays: null });
    await agent.get('/partners').expect(200);
    await request(app).get('/api/v1/partners').set('Authorization', `Bearer ${token}`).expect(200);

    await admin.agent.post(`/admin/users/${user.id}/deactivate`).type('form').send({ _csrf: admin.csrf }).expect(303);
    await agent.get('/partners').expect(303);
    await request(app).get('/api/v1/partners').set('Authorization', `Bearer ${token}`).expect(401);
    expect((await signIn(email, password)).res.status).toBe(401);

    await admin.agent.post(`/admin/users/${user.id}/reactivate`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await signIn(email, password)).res.status).toBe(303);
  });

  it('never lets the last active admin be deactivated or demoted', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const deactivate = await admin.agent
      .post(`/admin/users/${admin.user.id}/deactivate`)
      .type('form')
      .send({ _csrf: admin.csrf })
      .expect(400);
    expect(visible(deactivate.text)).toContain('Es la última cuenta administradora activa');
    await admin.agent
      .post(`/admin/users/${admin.user.id}/role`)
      .type('form')
      .send({ _csrf: admin.csrf, role: 'officer' })
      .expect(400);
    await admin.agent.get('/admin/users').expect(200);

    const second = await userWithRole(db, 'admin');
    await admin.agent
      .post(`/admin/users/${second.user.id}/role`)
      .type('form')
      .send({ _csrf: admin.csrf, role: 'viewer' })
      .expect(303);
    await admin.agent
      .post(`/admin/users/${admin.user.id}/deactivate`)
      .type('form')
      .send({ _csrf: admin.csrf })
      .expect(400);
  });

  it('resets a password: sessions end and the user must choose a new one', async () => {
    const admin = await signedInAgent(app, db, 'admin');
    const { user, email, password } = await userWithRole(db, 'viewer');
    const { agent } = await signIn(email, password);
    await admin.agent
      .post(`/admin/users/${user.id}/password`)
      .type('form')
      .send({ _csrf: admin.csrf, password: 'temporal restablecida' })
      .expect(303);
    await agent.get('/partners').expect(303);
    expect((await signIn(email, password)).res.status).toBe(401);
    const { res, agent: again } = await signIn(email, 'temporal restablecida');
    expect(res.headers.location).toBe('/account/password');
    await again.get('/partners').expect(303).expect('Location', '/account/password');
  });
});

describe('my account', () => {
  it('changes my own password after checking the current one', async () => {
    const me = await signedInAgent(app, db, 'viewer');
    const wrong = await me.agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: me.csrf,
        currentPassword: 'no es esta',
        newPassword: 'otra frase bien larga',
        confirmPassword: 'otra frase bien larga',
      })
      .expect(400);
    expect(visible(wrong.text)).toContain('La contraseña actual no es correcta');
    const mismatch = await me.agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: me.csrf,
        currentPassword: 'una clave de prueba larga',
        newPassword: 'otra frase bien larga',
        confirmPassword: 'otra frase distinta',
      })
      .expect(400);
    expect(visible(mismatch.text)).toContain('Las dos contraseñas nuevas no coinciden');
    await me.agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: me.csrf,
        currentPassword: 'una clave de prueba larga',
        newPassword: 'otra frase bien larga',
        confirmPassword: 'otra frase bien larga',
      })
      .expect(303);
    expect((await signIn(me.user.email, 'otra frase bien larga')).res.status).toBe(303);
  });

  it('keeps my language, whatever the browser asks for', async () => {
    const me = await signedInAgent(app, db, 'viewer');
    await me.agent.post('/account/language').type('form').send({ _csrf: me.csrf, language: 'en' }).expect(303);
    const page = await me.agent.get('/partners').set('Accept-Language', 'es');
    expect(page.text).toContain('<html lang="en">');
  });
});

describe('first start', () => {
  it('creates the admin named by ADMIN_EMAIL and ADMIN_PASSWORD when there are no users', async () => {
    const fresh = await freshDatabase();
    expect(await ensureFirstAdmin(fresh, { email: 'jefa@example.org', password: 'clave inicial larga' })).toEqual({
      kind: 'from_environment',
      email: 'jefa@example.org',
    });
    expect((await findCredentials(fresh, 'jefa@example.org'))?.user).toMatchObject({
      role: 'admin',
      mustChangePassword: false,
    });
    expect(await ensureFirstAdmin(fresh, null)).toEqual({ kind: 'none' });
  });

  it('otherwise generates a one-time admin password that must be changed', async () => {
    const fresh = await freshDatabase();
    const result = await ensureFirstAdmin(fresh, null);
    expect(result).toMatchObject({ kind: 'generated', email: GENERATED_ADMIN_EMAIL });
    expect((await findCredentials(fresh, GENERATED_ADMIN_EMAIL))?.user.mustChangePassword).toBe(true);
  });
});
