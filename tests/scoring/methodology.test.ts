import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import { DEFAULT_PARAMETERS } from '../../src/scoring/methodology.js';
import { methodologyFormValues } from '../../src/scoring/schemas.js';
import { addPartner, apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText as visible } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});


function form(csrf: string, overrides: Record<string, string | string[]> = {}) {
  const params = new URLSearchParams({ _csrf: csrf });
  for (const [key, value] of Object.entries({ ...methodologyFormValues('Prueba', DEFAULT_PARAMETERS), ...overrides })) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

describe('methodology versions', () => {
  it('explains the active version in plain language, in both languages', async () => {
    const viewer = await signedInAgent(app, db, 'viewer');
    const es = visible((await viewer.agent.get('/methodology').expect(200)).text);
    expect(es).toContain('Versión activa: v1 «BPI_GN default»');
    expect(es).toContain('micro hasta 10 personas (100 puntos), pequeña desde 10 (80)');
    expect(es).toContain('24 h o menos vale 100; 336 h o más, 0');
    const en = visible((await viewer.agent.get('/methodology').set('Accept-Language', 'en').expect(200)).text);
    expect(en).toContain('a small partner at 70 or more is kept as a priority; at 50 or more, kept');
    expect(en).not.toContain('Propose a new version');
  });

  it('refuses weights that do not add up to 1 and thresholds out of order, with clear messages', async () => {
    const buyer = await signedInAgent(app, db, 'procurement');
    const res = await buyer.agent
      .post('/methodology/draft')
      .type('form')
      .send(form(buyer.csrf, { 'parameters.weights.size': '0.5', 'parameters.sizeBands.mediumMin': '5', 'parameters.response.worstHours': '10', 'parameters.recommendation.keepMin': '80', 'parameters.smallClasses': [] }))
      .expect(400);
    const text = visible(res.text);
    expect(text).toContain('Los pesos deben sumar 1 (ahora suman 1,2)');
    expect(text).toContain('Los umbrales de tamaño deben crecer');
    expect(text).toContain('La peor respuesta debe ser mayor que la mejor');
    expect(text).toContain('«Mantener desde» no puede superar «mantener con prioridad desde»');
    expect(text).toContain('Elija al menos un tamaño que cuente como pequeño');
    expect(res.text).toContain('href="#field-parameters-weights-size"');
    expect(res.text).toContain('id="field-parameters-weights-size"');
    expect(res.text).toContain('value="0.5"');
    expect(await db.selectFrom('methodologies').selectAll().where('status', '=', 'draft').execute()).toEqual([]);
  });

  it('previews a draft against the active version, then activates it with a rationale and rescores everyone', async () => {
    const small = await addPartner(db, { name: 'Pequeño Rápido', staffCount: 12, adminSteps: 4, declaredResponseHours: 24 });
    await addPartner(db, { name: 'Grande Rápido', staffCount: 300, adminSteps: 2, declaredResponseHours: 24 });
    const api = apiClient(app, await bearerFor(db, 'viewer'));
    expect((await api.get(`/api/v1/partners/${small.id}/score`)).body.recommendation).toBe('keep_priority');

    const buyer = await signedInAgent(app, db, 'procurement');
    // Count every size as small and demand 95 for priority: the small partner drops to keep, the large one enters keep.
    await buyer.agent
      .post('/methodology/draft')
      .type('form')
      .send(form(buyer.csrf, { name: 'Más exigente', 'parameters.smallClasses': ['micro', 'small', 'medium', 'large'], 'parameters.recommendation.keepPriorityMin': '95' }))
      .expect(303)
      .expect('Location', '/methodology/draft/preview');
    const preview = visible((await buyer.agent.get('/methodology/draft/preview').expect(200)).text);
    expect(preview).toContain('Borrador v2 frente a la versión activa v1, calculado para 2 socios activos');
    expect(preview).toMatch(/2 socios cambian de recomendación/);
    expect(preview).toMatch(/\+1 socios pequeños entran en «mantener»/);
    expect(preview).toContain('Pequeño Rápido Mantener con prioridad Mantener');
    expect((await api.get(`/api/v1/partners/${small.id}/score`)).body.recommendation).toBe('keep_priority');

    const previewed = /name="previewed" value="([0-9a-f]+)"/.exec((await buyer.agent.get('/methodology/draft/preview')).text)![1]!;
    const refused = await buyer.agent.post('/methodology/draft/activate').type('form').send({ _csrf: buyer.csrf, rationale: 'porque', previewed }).expect(400);
    expect(visible(refused.text)).toContain('Explique por qué se adopta esta versión');
    // Activation takes only what was previewed: a draft saved again meanwhile is refused.
    const stale = await buyer.agent.post('/methodology/draft/activate').type('form').send({ _csrf: buyer.csrf, rationale: 'Acuerdo del comité de alianzas, noviembre', previewed: 'otra' }).expect(409);
    expect(visible(stale.text)).toContain('El borrador cambió después de esta vista previa');
    await buyer.agent.post('/methodology/draft/activate').type('form').send({ _csrf: buyer.csrf, rationale: 'Acuerdo del comité de alianzas, noviembre', previewed }).expect(303);

    const after = (await api.get(`/api/v1/partners/${small.id}/score`)).body;
    expect(after).toMatchObject({ methodologyVersion: 2, recommendation: 'keep' });
    const versions = await db.selectFrom('methodologies').select(['version', 'status', 'parameters', 'activatedBy', 'rationale']).orderBy('version').execute();
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'retired'], [2, 'active']]);
    expect(JSON.parse(versions[0]!.parameters)).toEqual(DEFAULT_PARAMETERS);
    expect(versions[1]).toMatchObject({ activatedBy: buyer.user.email, rationale: 'Acuerdo del comité de alianzas, noviembre' });
    const audit = await db.selectFrom('auditEvents').select(['action', 'details']).where('entity', '=', 'methodology').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'activate']);
    expect(JSON.parse(audit[1]!.details!)).toMatchObject({ previousVersion: 1, rationale: 'Acuerdo del comité de alianzas, noviembre' });
  });

  it('lets procurement discard a draft, and officers not edit one', async () => {
    const buyer = await signedInAgent(app, db, 'procurement');
    await buyer.agent.post('/methodology/draft').type('form').send(form(buyer.csrf)).expect(303);
    await buyer.agent.post('/methodology/draft/discard').type('form').send({ _csrf: buyer.csrf }).expect(303);
    expect(await db.selectFrom('methodologies').selectAll().execute()).toHaveLength(1);
    const officer = await signedInAgent(app, db, 'officer');
    await officer.agent.get('/methodology/draft').expect(403);
  });
});

describe('score receipt and ranking pages', () => {
  it('shows the receipt on the partner page, adding up to the overall score, with its reason', async () => {
    const partner = await addPartner(db, { name: 'Recibo', staffCount: 12, adminSteps: 4, declaredResponseHours: 24 });
    const viewer = await signedInAgent(app, db, 'viewer');
    const page = visible((await viewer.agent.get(`/partners/${partner.id}`).expect(200)).text);
    expect(page).toContain('Puntaje y recomendación');
    expect(page).toContain('Mantener con prioridad');
    // Contributions use the weights renormalized over the components present, so they add up: 30 + 37,5 + 18,75 = 86,25.
    expect(page).toContain('Tamaño 12 personas perfil 80,0 0,30 30,0');
    expect(page).toContain('Tiempo de respuesta 24 h declarado 100,0 0,30 37,5');
    expect(page).toContain('Pasos administrativos 4 pasos declarado 75,0 0,20 18,8');
    expect(page).toContain('Calidad — falta — 0,20 —');
    expect(page).toContain('Puntaje total (completitud 0,80) 86,3');
    expect(page).toContain('Puesto 1 (1–1), recomendación estable');
    expect(page).toContain('Socio pequeño (12 personas) con un tiempo de respuesta declarado de 24 h');
  });

  it('ranks active partners with filters kept in the address', async () => {
    await addPartner(db, { name: 'Primero', staffCount: 5, adminSteps: 2, declaredResponseHours: 24 });
    await addPartner(db, { name: 'Segundo', staffCount: 300, adminSteps: 8, declaredResponseHours: 100 });
    await addPartner(db, { name: 'Archivado', status: 'archived', declaredResponseHours: 24 });
    const viewer = await signedInAgent(app, db, 'viewer');
    const page = visible((await viewer.agent.get('/ranking').expect(200)).text);
    expect(page.indexOf('Primero')).toBeLessThan(page.indexOf('Segundo'));
    expect(page).not.toContain('Archivado');
    expect(visible((await viewer.agent.get('/ranking?sizeClass=large').expect(200)).text)).not.toContain('Primero');
  });
});
