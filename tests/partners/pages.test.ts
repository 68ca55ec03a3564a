import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { addPartner, idsByCode, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let agent: request.Agent;
let csrf: string;

beforeEach(async () => {
  ({ app, db } = await testApp());
  ({ agent, csrf } = await signedInAgent(app, db, 'officer'));
});

async function formFields(overrides: Record<string, string | string[]> = {}) {
  const ids = await idsByCode(db);
  return {
    _csrf: csrf,
    name: 'Colectivo Voces del Pacífico',
    acronym: 'CVP',
    ruc: '',
    organizationType: 'cbo',
    localizationCategory: '',
    status: 'active',
    staffCount: '7',
    volunteerCount: '',
    annualBudgetUsd: '45.000',
    yearFounded: '2015',
    territoryIds: [String(ids.territory.manta), String(ids.territory.guayaquil)],
    assistanceTypeIds: [String(ids.assistanceType.food_security)],
    adminSteps: '3',
    declaredResponseHours: '24',
    contactName: 'Lucía Loor',
    contactEmail: 'lucia@example.org',
    contactPhone: '+593 99 123 4567',
    notes: '',
    ...overrides,
  };
}

function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

describe('the partner list page', () => {
  it('is where / leads, and lists partners with size class and small-partner mark', async () => {
    await agent.get('/').expect(302).expect('Location', '/partners');
    await addPartner(db, { name: 'Asociación Niñez Feliz', staffCount: 4 });
    const res = await agent.get('/partners').expect(200);
    const text = visibleText(res.text);
    expect(text).toContain('Asociación Niñez Feliz');
    expect(text).toContain('Micro');
    expect(text).toContain('Socio pequeño');
    expect(text).toContain('1 socio');
  });

  it('searches ignoring accents ("asociacion" finds "Asociación")', async () => {
    await addPartner(db, { name: 'Asociación Niñez Feliz' });
    await addPartner(db, { name: 'Fundación Tierra' });
    const text = visibleText((await agent.get('/partners?q=asociacion').expect(200)).text);
    expect(text).toContain('Asociación Niñez Feliz');
    expect(text).not.toContain('Fundación Tierra');
  });

  it('keeps the filters in the paging links so a page can be bookmarked and shared', async () => {
    const ids = await idsByCode(db);
    for (let i = 0; i < 30; i++) await addPartner(db, { name: `Socio ${String(i).padStart(2, '0')}`, staffCount: 5 });
    const res = await agent.get(`/partners?q=socio&territoryId=${ids.territory.tulcan}&sizeClass=micro`).expect(200);
    const next = /<a class="pagination__link" rel="next" href="([^"]+)"/.exec(res.text)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const url = new URL(next!, 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'socio',
      territoryId: String(ids.territory.tulcan),
      sizeClass: 'micro',
      page: '2',
    });
    const page2 = visibleText((await agent.get(next!).expect(200)).text);
    expect(page2).toContain('Socio 29');
    expect(page2).not.toContain('Socio 00');
  });

  it('ignores a bad filter in the address and says so, rather than failing', async () => {
    await addPartner(db);
    const text = visibleText((await agent.get('/partners?sizeClass=gigante&page=x').expect(200)).text);
    expect(text).toContain('Se ignoraron filtros no válidos');
    expect(text).toContain('Fundación Manos Solidarias');
  });

  it('leaves archived partners out unless asked for', async () => {
    await addPartner(db, { name: 'Archivado Uno', status: 'archived' });
    expect(visibleText((await agent.get('/partners')).text)).not.toContain('Archivado Uno');
    expect(visibleText((await agent.get('/partners?status=archived')).text)).toContain('Archivado Uno');
  });
});

describe('creating a partner through the form', () => {
  it('saves and shows the new profile', async () => {
    const res = await agent
      .post('/partners')
      .type('form')
      .send(formBody(await formFields()))
      .expect(303);
    expect(res.headers.location).toMatch(/^\/partners\/\d+\?notice=created$/);
    const page = visibleText((await agent.get(res.headers.location!)).text);
    expect(page).toContain('Socio registrado.');
    expect(page).toContain('Colectivo Voces del Pacífico');
    expect(page).toContain('Manta');
    expect(page).toContain('Guayaquil');
    expect(page).toContain('Seguridad alimentaria');
    expect(page).toContain('$45.000');
    expect(page).toContain('Actor local o nacional no estatal');
  });

  it('re-renders with 400, the input kept, each message by its field and a summary linking to them', async () => {
    const res = await agent
      .post('/partners')
      .type('form')
      .send(
        formBody(
          await formFields({ name: 'Colectivo Raíces', staffCount: 'doce', contactEmail: 'lucia@', territoryIds: [] }),
        ),
      )
      .expect(400);
    expect(res.text).toContain('<title>Error: Registrar socio');
    expect(res.text).toContain('value="Colectivo Raíces"');
    expect(res.text).toContain('value="doce"');
    expect(res.text).toContain('value="lucia@"');
    const summaryLinks = [...res.text.matchAll(/<li><a href="#(field-[^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(summaryLinks).toEqual([
      // Each summary entry names its field.
      ['field-staffCount', 'Personal remunerado: escriba un número, por ejemplo 12'],
      ['field-territoryIds', 'Territorios donde opera: elija al menos un territorio donde opera'],
      ['field-contactEmail', 'Correo de contacto: escriba un correo válido, por ejemplo nombre@organizacion.org'],
    ]);
    for (const [id] of summaryLinks) {
      expect(res.text).toContain(`id="${id}"`);
      expect(res.text).toContain(`id="${id}-error"`);
    }
    expect((await agent.get('/api/v1/partners')).body.total).toBe(0);
  });

  it('shows a duplicate RUC as a field error naming the holder', async () => {
    await addPartner(db, { name: 'Fundación Original', ruc: '1790085783001' });
    const res = await agent
      .post('/partners')
      .type('form')
      .send(formBody(await formFields({ ruc: '1790085783001' })))
      .expect(400);
    expect(visibleText(res.text)).toContain('Este RUC ya está registrado para «Fundación Original»');
  });

  it('shows warnings on the saved partner, linking to the possible duplicate', async () => {
    const original = await addPartner(db, { name: 'Colectivo Voces del Pacifico' });
    const res = await agent
      .post('/partners')
      .type('form')
      .send(formBody(await formFields({ ruc: '0993381661001' })))
      .expect(303);
    const page = (await agent.get(res.headers.location!)).text;
    expect(page).toContain(`<a href="/partners/${original.id}">Colectivo Voces del Pacifico</a>`);
    expect(visibleText(page)).toContain('El dígito verificador del RUC no coincide');
  });

  it('escapes script typed into any field', async () => {
    const res = await agent
      .post('/partners')
      .type('form')
      .send(formBody(await formFields({ name: '<script>alert("x")</script>', notes: '<img src=x onerror=alert(1)>' })))
      .expect(303);
    const page = (await agent.get(res.headers.location!)).text;
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
  });
});

describe('editing a partner', () => {
  it('pre-fills the form and saves a change', async () => {
    const partner = await addPartner(db, { name: 'Fundación Semillas', staffCount: 12 });
    const form = await agent.get(`/partners/${partner.id}/edit`).expect(200);
    expect(form.text).toContain('value="Fundación Semillas"');
    expect(form.text).toContain('name="version" value="1"');
    const res = await agent
      .post(`/partners/${partner.id}/edit`)
      .type('form')
      .send(formBody(await formFields({ name: 'Fundación Semillas', staffCount: '55', version: '1' })))
      .expect(303);
    const page = visibleText((await agent.get(res.headers.location!)).text);
    expect(page).toContain('Cambios guardados.');
    expect(page).toContain('Mediana');
    expect(page).toContain('versión 2');
  });

  it('never overwrites a newer change: shows both values and a form with my edits re-applied', async () => {
    const partner = await addPartner(db, {
      name: 'Fundación Semillas',
      staffCount: 12,
      contactPhone: '+593 99 000 0001',
    });
    // Someone else saves version 2, changing the phone.
    await agent
      .patch(`/api/v1/partners/${partner.id}`)
      .set('X-CSRF-Token', csrf)
      .send({ version: 1, contactPhone: '+593 98 765 4321' })
      .expect(200);
    // I submit the form I opened at version 1, changing staff.
    const mine = await formFields({
      name: 'Fundación Semillas',
      staffCount: '30',
      contactPhone: '+593 99 000 0001',
      version: '1',
    });
    const res = await agent.post(`/partners/${partner.id}/edit`).type('form').send(formBody(mine)).expect(409);
    const text = visibleText(res.text);
    expect(text).toContain('Otra persona cambió este socio');
    expect(text).toContain('+593 98 765 4321');
    expect(res.text).toContain('name="version" value="2"');
    expect(res.text).toContain('id="field-staffCount" name="staffCount" type="text" value="30"');
    expect(res.text).toContain('value="+593 98 765 4321"');
    const stored = (await agent.get(`/api/v1/partners/${partner.id}`)).body;
    expect(stored).toMatchObject({ staffCount: 12, contactPhone: '+593 98 765 4321', version: 2 });
  });

  it('archives and restores', async () => {
    const partner = await addPartner(db);
    const archived = await agent.post(`/partners/${partner.id}/archive`).type('form').send({ _csrf: csrf }).expect(303);
    expect(visibleText((await agent.get(archived.headers.location!)).text)).toContain('Este socio está archivado');
    await agent.post(`/partners/${partner.id}/restore`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await agent.get(`/api/v1/partners/${partner.id}`)).body.status).toBe('active');
  });

  it('answers an unknown partner with the not-found page', async () => {
    const res = await agent.get('/partners/4242').expect(404);
    expect(visibleText(res.text)).toContain('Página no encontrada');
  });
});

describe('language', () => {
  it('is Spanish by default and English when the browser prefers it', async () => {
    expect((await agent.get('/partners')).text).toContain('<html lang="es">');
    const english = await agent.get('/partners').set('Accept-Language', 'en-GB,en;q=0.9');
    expect(english.text).toContain('<html lang="en">');
    expect(visibleText(english.text)).toContain('Implementing partners');
  });

  it('switches with the header button, saves the choice to my account and returns to the same page', async () => {
    const res = await agent
      .post('/language')
      .type('form')
      .send({ _csrf: csrf, lang: 'en', next: '/partners?q=abc' })
      .expect(303);
    expect(res.headers.location).toBe('/partners?q=abc');
    expect((await agent.get('/partners').set('Accept-Language', 'es')).text).toContain('<html lang="en">');
    const user = await db.selectFrom('users').select('language').executeTakeFirstOrThrow();
    expect(user.language).toBe('en');
  });

  it('switches for a visitor too, and never redirects off the site', async () => {
    const visitor = request.agent(app);
    const form = await visitor.get('/sign-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const res = await visitor
      .post('/language')
      .type('form')
      .send({ _csrf: token, lang: 'en', next: '//evil.example' })
      .expect(303);
    expect(res.headers.location).toBe('/');
    expect((await visitor.get('/sign-in')).text).toContain('<html lang="en">');
  });
});
